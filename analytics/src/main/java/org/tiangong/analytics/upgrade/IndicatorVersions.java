package org.tiangong.analytics.upgrade;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the bureau's indicators were computed from, as version numbers read in one statement (migrations V55, V57):
 * {@code version} moves with every change, {@code allVersion} with a change that concerns every enterprise, and each
 * enterprise's number with a change of its own rows (an enterprise never touched since V57 is at 0).
 */
public record IndicatorVersions(long version, long allVersion, Map<UUID, Long> enterprises) {

    public IndicatorVersions {
        enterprises = Map.copyOf(enterprises);
    }

    public long of(UUID enterpriseId) {
        return enterprises.getOrDefault(enterpriseId, 0L);
    }

    public static IndicatorVersions read(DataSource dataSource) throws SQLException {
        long version = 0, all = 0;
        Map<UUID, Long> enterprises = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v.version, v.all_version, e.enterprise_id, e.version "
                        + "FROM indicator_version v LEFT JOIN indicator_enterprise_version e ON true")) {
            while (rs.next()) {
                version = rs.getLong(1);
                all = rs.getLong(2);
                UUID id = rs.getObject(3, UUID.class);
                if (id != null) enterprises.put(id, rs.getLong(4));
            }
        }
        return new IndicatorVersions(version, all, enterprises);
    }
}
