package org.tiangong.api.accounts;

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
import org.tiangong.analytics.accounts.ApiKeyStore;

/**
 * API keys for machine-to-machine callers: {@code tgk_<prefix>_<secret>}. The prefix (public) finds the row, the
 * secret (256 random bits) is kept only as its SHA-256 — a slow hash adds nothing for a secret that cannot be guessed.
 * Shown once at creation, revocable, optionally expiring, with the time it was last used; bound to the owner's
 * credentials version, so a password change, a disable or a logout-all revokes every key of the user.
 */
public final class ApiKeyService {

    private final ApiKeyStore store;
    private final org.tiangong.analytics.accounts.UserStore users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyStore store, org.tiangong.analytics.accounts.UserStore users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** A key as created: {@code plaintext} is returned to the caller once and stored nowhere. */
    public record Created(ApiKeyStore.StoredKey key, String plaintext) {}

    /** A key for the user, bound to their current credentials version (a password change or disable revokes it). */
    public Created create(UUID userId, String name, Instant expiresAt) throws SQLException {
        long version = users.byId(userId)
                .map(TokenService::credentialsVersion)
                .orElseThrow(() -> new IllegalStateException("no user " + userId));
        byte[] p = new byte[5];
        random.nextBytes(p);
        String prefix = HexFormat.of().formatHex(p);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyStore.StoredKey key = store.create(userId, name, prefix, sha256(secretText), expiresAt, version);
        return new Created(key, "tgk_" + prefix + "_" + secretText);
    }

    /** The key's row when {@code presented} is a valid, unrevoked, unexpired key. */
    public Optional<ApiKeyStore.StoredKey> check(String presented) throws SQLException {
        if (presented == null || !presented.startsWith("tgk_") || presented.length() > 100) return Optional.empty();
        int sep = presented.indexOf('_', 4);
        if (sep < 0) return Optional.empty();
        String prefix = presented.substring(4, sep);
        String secret = presented.substring(sep + 1);
        if (!prefix.matches("[0-9a-f]{10}")) return Optional.empty();
        Optional<ApiKeyStore.StoredKey> key = store.byPrefix(prefix);
        if (key.isEmpty() || !MessageDigest.isEqual(key.get().secretHash(), sha256(secret))) return Optional.empty();
        if (!key.get().usableAt(clock.instant())) return Optional.empty();
        store.touch(key.get().id());
        return key;
    }

    /** First 8 hex digits of a SHA-256: enough to tell repeated values apart in a log, useless to read them back. */
    static String shortHash(String s) {
        return HexFormat.of().formatHex(sha256(s)).substring(0, 8);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
