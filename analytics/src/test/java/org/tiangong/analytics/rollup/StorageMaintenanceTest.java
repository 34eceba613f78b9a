package org.tiangong.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.PostgresDialect;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.db.TimescaleDialect;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.Fixtures;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;

class StorageMaintenanceTest {

    static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void retentionDeletesRawTelemetryOlderThanThePolicyAndKeepsTheRest() throws Exception {
        try (Database db = TestDatabases.fresh()) {
            // plain PostgreSQL's retention job; on TimescaleDB the policy jobs do it (the next test checks them)
            assumeTrue(db.dialect() instanceof PostgresDialect, "the retention job runs on plain PostgreSQL");
            new TopologyRegistry(db.dataSource()).importTopology(Fixtures.smallPlant("RET"));
            int power = new TopologyRegistry(db.dataSource())
                    .registerSignals(
                            MachinePath.parse("RET/P1/L1/CNC-01"), MachineKind.CNC, Map.of(CanonicalSignal.POWER, "p"))
                    .get(CanonicalSignal.POWER);
            new TelemetryWriter(db.dataSource())
                    .write(List.of(
                            Sample.of(power, NOW.minus(Duration.ofDays(40)), 1, 0),
                            Sample.of(power, NOW.minus(Duration.ofDays(31)), 2, 0),
                            Sample.of(power, NOW.minus(Duration.ofDays(29)), 3, 0),
                            Sample.of(power, NOW.minus(Duration.ofHours(1)), 4, 0)));
            StoragePolicy policy = new StoragePolicy(null, Duration.ofDays(30), null);
            new StorageMaintenance(db, policy, Clock.fixed(NOW, ZoneOffset.UTC)).applyRetention();
            assertThat(new Jdbc(db.dataSource())
                            .list("SELECT value FROM telemetry ORDER BY time", rs -> rs.getDouble(1)))
                    .containsExactly(3.0, 4.0);
        }
    }

    @Test
    void onTimescaleDbThePolicyBecomesCompressionAndRetentionJobsAndTheHourRollupsContinuousAggregates()
            throws Exception {
        String url = TestDatabases.freshUrl();
        try (Database db =
                Database.open(DbSettings.of(url), new StoragePolicy(Duration.ofDays(3), Duration.ofDays(400), null))) {
            assumeTrue(db.dialect() instanceof TimescaleDialect, "needs TimescaleDB (TIANGONG_TEST_DB_URL)");
            Jdbc jdbc = new Jdbc(db.dataSource());
            assertThat(jdbc.list(
                            "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1",
                            rs -> rs.getString(1)))
                    .contains("machine_minute", "signal_minute", "telemetry");
            assertThat(jdbc.list(
                            "SELECT view_name FROM timescaledb_information.continuous_aggregates",
                            rs -> rs.getString(1)))
                    .containsExactlyInAnyOrder("machine_hour", "signal_hour");
            List<String> jobs = jdbc.list(
                    "SELECT hypertable_name || ' ' || proc_name || ' ' || coalesce(config->>'compress_after', config->>'drop_after', '') "
                            + "FROM timescaledb_information.jobs "
                            + "WHERE hypertable_name IN ('telemetry', 'machine_minute', 'signal_minute') ORDER BY 1",
                    rs -> rs.getString(1));
            // intervals come back normalised to hours: 3 days = 72:00:00, 400 days = 9600:00:00
            assertThat(jobs)
                    .contains(
                            "telemetry policy_compression 72:00:00",
                            "machine_minute policy_compression 72:00:00",
                            "signal_minute policy_compression 72:00:00",
                            "telemetry policy_retention 9600:00:00");
            assertThat(jobs).noneSatisfy(j -> assertThat(j).startsWith("machine_minute policy_retention"));
        }
        // opened again without a policy (as a collector does): the jobs stay as they were
        try (Database db = Database.open(DbSettings.of(url))) {
            long retention = new Jdbc(db.dataSource())
                    .one(
                            "SELECT count(*) FROM timescaledb_information.jobs "
                                    + "WHERE hypertable_name = 'telemetry' AND proc_name = 'policy_retention'",
                            rs -> rs.getLong(1))
                    .orElseThrow();
            assertThat(retention).isEqualTo(1);
        }
    }

    @Test
    void onTimescaleDbMinuteRetentionKeepsTheHourRollups() throws Exception {
        String url = TestDatabases.freshUrl();
        try (Database db = Database.open(DbSettings.of(url), new StoragePolicy(null, null, Duration.ofDays(2)))) {
            assumeTrue(db.dialect() instanceof TimescaleDialect, "needs TimescaleDB (TIANGONG_TEST_DB_URL)");
            new TopologyRegistry(db.dataSource()).importTopology(Fixtures.smallPlant("HRS"));
            Jdbc jdbc = new Jdbc(db.dataSource());
            // the test runs the jobs itself, in order: TimescaleDB's scheduler must not run them in between (a new
            // retention job starts at once and would drop the old minutes before their hours are materialised)
            jdbc.list(
                    "SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs "
                            + "WHERE hypertable_schema = 'public'",
                    rs -> rs.getString(1));
            // ten days of minutes of one machine, up to the last whole hour, then their hours materialised
            jdbc.update("INSERT INTO machine_minute SELECT (SELECT id FROM machine ORDER BY code LIMIT 1), b, "
                    + "60, 0, 0, 0, 0, 0, 1, 0, 0.1, 0.1, 0 FROM generate_series(date_trunc('hour', now()) - "
                    + "INTERVAL '10 days', date_trunc('hour', now()) - INTERVAL '1 minute', INTERVAL '1 minute') b");
            try (var c = db.dataSource().getConnection();
                    var st = c.createStatement()) {
                st.execute("CALL refresh_continuous_aggregate('machine_hour', NULL, NULL)");
            }
            assertThat(jdbc.one("SELECT count(*) FROM machine_hour", rs -> rs.getLong(1)))
                    .contains(240L);
            // TimescaleDB's own jobs, as they run on schedule: minute retention, then the aggregate's refresh
            for (String proc : List.of("policy_retention", "policy_refresh_continuous_aggregate")) {
                for (long job : jdbc.list(
                        "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = ?",
                        rs -> rs.getLong(1),
                        proc)) {
                    try (var c = db.dataSource().getConnection();
                            var st = c.createStatement()) {
                        st.execute("CALL run_job(" + job + ")");
                    }
                }
            }
            assertThat(jdbc.one("SELECT count(*) FROM machine_minute", rs -> rs.getLong(1)))
                    .as("minute chunks older than the retention dropped")
                    .hasValueSatisfying(n -> assertThat(n).isLessThan(14_400L));
            assertThat(jdbc.one(
                            "SELECT count(*), sum(good) FROM machine_hour", rs -> rs.getLong(1) + "/" + rs.getLong(2)))
                    .contains("240/14400");
        }
    }
}
