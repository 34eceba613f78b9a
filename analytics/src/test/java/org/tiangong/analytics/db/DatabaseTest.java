package org.tiangong.analytics.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.testing.TestDatabases;

class DatabaseTest {

    @Test
    void openingMigratesTheSchemaAndNamesTheEngine() throws Exception {
        String url = TestDatabases.freshUrl();
        try (Database db = Database.open(DbSettings.of(url))) {
            assertThat(db.engine().description()).matches("(timescaledb|postgresql) \\d+(\\.\\d+)*.*");
            try (Connection c = db.dataSource().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*) FROM information_schema.tables "
                                    + "WHERE table_name IN ('enterprise','plant','line','machine','signal','telemetry','signal_latest')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            if (db.dialect() instanceof TimescaleDialect) {
                try (Connection c = db.dataSource().getConnection();
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables "
                                + "WHERE hypertable_name = 'telemetry'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
        // A second start on a migrated database changes nothing and succeeds.
        try (Database again = Database.open(DbSettings.of(url))) {
            assertThat(again.engine()).isNotNull();
        }
    }

    @Test
    void passwordsAreRedactedFromUrlsInLogs() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    }
}
