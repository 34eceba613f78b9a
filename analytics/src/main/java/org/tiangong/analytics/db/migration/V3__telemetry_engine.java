package org.tiangong.analytics.db.migration;

import java.sql.Connection;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.tiangong.analytics.db.StorageDialect;

/**
 * Gives the telemetry table of V2 the engine's form ({@link StorageDialect#prepareTelemetryTable}): a hypertable of
 * one-day chunks on TimescaleDB; on plain PostgreSQL the table keeps its BRIN index on time and nothing happens.
 */
public class V3__telemetry_engine extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        StorageDialect.detect(c).prepareTelemetryTable(c);
    }
}
