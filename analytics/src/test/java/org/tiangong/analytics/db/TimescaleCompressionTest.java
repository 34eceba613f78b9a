package org.tiangong.analytics.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.SeriesRollupJob;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.Fixtures;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * TimescaleDB only: at-least-once delivery replays samples, and a replay may arrive after its chunk was compressed
 * (a buffer that held data longer than {@code compress_after}). The primary key must still make it harmless on the
 * exact TimescaleDB version we run, and late new samples must still land there (design.md, reliability notes).
 */
class TimescaleCompressionTest {

    @Test
    void aReplayIntoACompressedChunkStoresNothingTwiceAndALateSampleStillLands() throws Exception {
        try (Database db = TestDatabases.fresh()) {
            assumeTrue(db.dialect() instanceof TimescaleDialect, "needs TimescaleDB (TIANGONG_TEST_DB_URL)");
            new TopologyRegistry(db.dataSource()).importTopology(Fixtures.smallPlant("CMP"));
            int power = new TopologyRegistry(db.dataSource())
                    .registerSignals(
                            MachinePath.parse("CMP/P1/L1/CNC-01"), MachineKind.CNC, Map.of(CanonicalSignal.POWER, "p"))
                    .get(CanonicalSignal.POWER);
            Instant dayStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
            List<Sample> day = new ArrayList<>();
            for (int s = 0; s < 3_600; s += 2) day.add(Sample.of(power, dayStart.plusSeconds(s), s, 0));
            TelemetryWriter writer = new TelemetryWriter(db.dataSource());
            assertThat(writer.write(day)).isEqualTo(day.size());

            Jdbc jdbc = new Jdbc(db.dataSource());
            assertThat(jdbc.list(
                            "SELECT compress_chunk(c)::text FROM show_chunks('telemetry', older_than => INTERVAL '5 days') c",
                            rs -> rs.getString(1)))
                    .hasSize(1);
            assertThat(jdbc.list(
                            "SELECT is_compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry'",
                            rs -> rs.getBoolean(1)))
                    .containsExactly(true);

            // the same rows again, from this writer and from a fresh one (as after a collector restart)
            assertThat(writer.write(day)).isZero();
            assertThat(new TelemetryWriter(db.dataSource()).write(day)).isZero();
            // a late sample between stored ones, plus one duplicate, in the same batch
            Sample late = Sample.of(power, dayStart.plusSeconds(1), -1, 0);
            assertThat(new TelemetryWriter(db.dataSource()).write(List.of(late, day.get(5))))
                    .isEqualTo(1);

            assertThat(jdbc.one("SELECT count(*) FROM telemetry", rs -> rs.getLong(1)))
                    .contains(day.size() + 1L);
            assertThat(jdbc.one(
                            "SELECT count(*) FROM (SELECT signal_id, time FROM telemetry "
                                    + "GROUP BY signal_id, time HAVING count(*) > 1) d",
                            rs -> rs.getLong(1)))
                    .contains(0L);
            assertThat(jdbc.one(
                            "SELECT value FROM telemetry WHERE signal_id = ? AND time = ?",
                            rs -> rs.getDouble(1),
                            power,
                            late.time().atOffset(ZoneOffset.UTC)))
                    .contains(-1.0);

            // the series rollups read the compressed chunk like any other
            new SeriesRollupJob(
                            db.dataSource(),
                            db.dialect(),
                            Clock.systemUTC(),
                            Duration.ofSeconds(0),
                            Duration.ofDays(30))
                    .catchUp();
            assertThat(jdbc.one("SELECT sum(count) FROM signal_minute WHERE signal_id = ?", rs -> rs.getLong(1), power))
                    .contains(day.size() + 1L);
        }
    }
}
