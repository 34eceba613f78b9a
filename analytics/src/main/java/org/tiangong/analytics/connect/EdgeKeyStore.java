package org.tiangong.analytics.connect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Edge collectors' keys at rest (migration V65): a public prefix to find the row, a hash of the secret. Blocking. */
public final class EdgeKeyStore {

    private static final String COLUMNS =
            "SELECT k.id, k.plant_id, p.enterprise_id, k.name, k.prefix, k.secret_hash, k.created_at, k.expires_at, "
                    + "k.revoked_at, k.last_used_at FROM edge_key k JOIN plant p ON p.id = k.plant_id";

    private final Jdbc jdbc;

    public EdgeKeyStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** One key; {@code enterpriseId} is the plant's (for tenant checks). */
    public record StoredKey(
            UUID id,
            UUID plantId,
            UUID enterpriseId,
            String name,
            String prefix,
            byte[] secretHash,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    public StoredKey create(
            UUID plantId, String name, String prefix, byte[] secretHash, Instant expiresAt, UUID createdBy)
            throws SQLException {
        UUID id = jdbc.one(
                        "INSERT INTO edge_key (plant_id, name, prefix, secret_hash, expires_at, created_by) "
                                + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        rs -> rs.getObject(1, UUID.class),
                        plantId,
                        name,
                        prefix,
                        secretHash,
                        expiresAt,
                        createdBy)
                .orElseThrow();
        return byId(id).orElseThrow();
    }

    public Optional<StoredKey> byPrefix(String prefix) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE k.prefix = ?", EdgeKeyStore::key, prefix);
    }

    public Optional<StoredKey> byId(UUID id) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE k.id = ?", EdgeKeyStore::key, id);
    }

    public List<StoredKey> ofPlant(UUID plantId) throws SQLException {
        return jdbc.list(COLUMNS + " WHERE k.plant_id = ? ORDER BY k.created_at", EdgeKeyStore::key, plantId);
    }

    public boolean revoke(UUID id) throws SQLException {
        return jdbc.update("UPDATE edge_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id) == 1;
    }

    /** Records the use; at most once a minute per key, since an edge polls every few seconds. */
    public void touch(UUID id) throws SQLException {
        jdbc.update(
                "UPDATE edge_key SET last_used_at = now() WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
                id);
    }

    private static StoredKey key(ResultSet rs) throws SQLException {
        return new StoredKey(
                rs.getObject("id", UUID.class),
                rs.getObject("plant_id", UUID.class),
                rs.getObject("enterprise_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getBytes("secret_hash"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "expires_at"),
                Jdbc.instant(rs, "revoked_at"),
                Jdbc.instant(rs, "last_used_at"));
    }
}
