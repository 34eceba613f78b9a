package org.tiangong.analytics.db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Turns the telemetry table into a hypertable (one-day chunks) when the database has TimescaleDB;
 * on plain PostgreSQL the table keeps its BRIN index on time and nothing happens here.
 */
public class V3__telemetry_engine extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            boolean timescale;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
                timescale = rs.next();
            }
            if (timescale) {
                st.execute("SELECT create_hypertable('telemetry', 'time', chunk_time_interval => INTERVAL '1 day', "
                        + "if_not_exists => true, migrate_data => true)");
            }
        }
    }
}
