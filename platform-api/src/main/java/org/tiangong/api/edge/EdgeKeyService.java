package org.tiangong.api.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.tiangong.analytics.connect.EdgeKeyStore;

/**
 * Keys of edge collectors: {@code tge_<prefix>_<secret>}, bound to one plant. Made like API keys (a public prefix
 * finds the row, 256 random bits of secret kept only as a SHA-256, shown once, revocable, optionally expiring), but a
 * different kind: an edge key authenticates only {@code GET /api/v1/edge/config} of its own plant, and an API key is
 * not accepted there. A key on a plant's edge machine thus reads one plant's collection settings and nothing else.
 */
public final class EdgeKeyService {

    static final String PREFIX = "tge_";

    private final EdgeKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public EdgeKeyService(EdgeKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A key as created: {@code plaintext} is returned to the caller once and stored nowhere. */
    public record Created(EdgeKeyStore.StoredKey key, String plaintext) {}

    public Created create(UUID plantId, String name, Instant expiresAt, UUID createdBy) throws SQLException {
        byte[] p = new byte[5];
        random.nextBytes(p);
        String prefix = HexFormat.of().formatHex(p);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        EdgeKeyStore.StoredKey key = store.create(plantId, name, prefix, sha256(secretText), expiresAt, createdBy);
        return new Created(key, PREFIX + prefix + "_" + secretText);
    }

    /** The key's row when {@code presented} is a valid, unrevoked, unexpired edge key. */
    public Optional<EdgeKeyStore.StoredKey> check(String presented) throws SQLException {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) return Optional.empty();
        int sep = presented.indexOf('_', PREFIX.length());
        if (sep < 0) return Optional.empty();
        String prefix = presented.substring(PREFIX.length(), sep);
        if (!prefix.matches("[0-9a-f]{10}")) return Optional.empty();
        Optional<EdgeKeyStore.StoredKey> key = store.byPrefix(prefix);
        if (key.isEmpty() || !MessageDigest.isEqual(key.get().secretHash(), sha256(presented.substring(sep + 1))))
            return Optional.empty();
        if (!key.get().usableAt(clock.instant())) return Optional.empty();
        store.touch(key.get().id());
        return key;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
