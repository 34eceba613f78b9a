package org.tiangong.analytics.connect;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * Each enterprise's allow-list of endpoint targets (migration V20): host names or CIDR blocks its OPC UA endpoints
 * may point at. Validation of the entries is the caller's.
 */
public final class EndpointTargetStore {

    private final Jdbc jdbc;

    public EndpointTargetStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<String> entries(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                "SELECT entry FROM endpoint_target_allow WHERE enterprise_id = ? ORDER BY entry",
                rs -> rs.getString(1),
                enterpriseId);
    }

    /**
     * A digest of every enterprise's list: it changes whenever an entry is added or removed anywhere. Collectors poll
     * it (the lists do not move the connect revision) to re-check their running endpoints.
     */
    public String fingerprint() throws SQLException {
        return jdbc.one(
                        "SELECT md5(coalesce(string_agg(enterprise_id::text || ' ' || entry, ',' "
                                + "ORDER BY enterprise_id, entry), '')) FROM endpoint_target_allow",
                        rs -> rs.getString(1))
                .orElse("");
    }

    /** Replaces the enterprise's list in one transaction. */
    public void replace(UUID enterpriseId, List<String> entries, UUID by) throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM endpoint_target_allow WHERE enterprise_id = ?", enterpriseId);
            for (String e : entries) {
                tx.update(
                        "INSERT INTO endpoint_target_allow (enterprise_id, entry, created_by) VALUES (?, ?, ?) "
                                + "ON CONFLICT DO NOTHING",
                        enterpriseId,
                        e,
                        by);
            }
        });
    }
}
