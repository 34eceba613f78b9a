package org.tiangong.analytics.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** API keys at rest: a public prefix to find the row and a hash of the secret, never the secret itself. */
public final class ApiKeyStore {

    private static final String COLUMNS =
            "SELECT id, user_id, name, prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at, credentials_version FROM api_key";

    private final Jdbc jdbc;

    public ApiKeyStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** {@code credentialsVersion}: the owner's credentials version when the key was created; the key dies when it moves. */
    public record StoredKey(
            UUID id,
            UUID userId,
            String name,
            String prefix,
            byte[] secretHash,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt,
            long credentialsVersion) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    public StoredKey create(
            UUID userId, String name, String prefix, byte[] secretHash, Instant expiresAt, long credentialsVersion)
            throws SQLException {
        return jdbc.one(
                        "INSERT INTO api_key (user_id, name, prefix, secret_hash, expires_at, credentials_version) VALUES (?, ?, ?, ?, ?, ?) "
                                + "RETURNING id, user_id, name, prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at, credentials_version",
                        ApiKeyStore::key,
                        userId,
                        name,
                        prefix,
                        secretHash,
                        expiresAt,
                        credentialsVersion)
                .orElseThrow();
    }

    public Optional<StoredKey> byPrefix(String prefix) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE prefix = ?", ApiKeyStore::key, prefix);
    }

    public Optional<StoredKey> byId(UUID id) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE id = ?", ApiKeyStore::key, id);
    }

    public List<StoredKey> ofUser(UUID userId) throws SQLException {
        return jdbc.list(COLUMNS + " WHERE user_id = ? ORDER BY created_at", ApiKeyStore::key, userId);
    }

    public boolean revoke(UUID id) throws SQLException {
        return jdbc.update("UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id) == 1;
    }

    public void touch(UUID id) throws SQLException {
        jdbc.update("UPDATE api_key SET last_used_at = now() WHERE id = ?", id);
    }

    private static StoredKey key(ResultSet rs) throws SQLException {
        return new StoredKey(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getBytes("secret_hash"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "expires_at"),
                Jdbc.instant(rs, "revoked_at"),
                Jdbc.instant(rs, "last_used_at"),
                rs.getLong("credentials_version"));
    }
}
