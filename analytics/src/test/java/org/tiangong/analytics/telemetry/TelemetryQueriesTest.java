package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/** Runs on whichever engine the suite has: TimescaleDB (time_bucket) or PostgreSQL (date_bin) must agree. */
class TelemetryQueriesTest {

    static final Instant NOW = Instant.parse("2026-06-10T00:00:00Z");
    static Database db;
    static TelemetryQueries queries;
    static Map<CanonicalSignal, Integer> ids;
    static UUID machineId;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        queries = new TelemetryQueries(db.dataSource(), db.bucketing(), Clock.fixed(NOW, ZoneOffset.UTC));
        ids = new TopologyRegistry(db.dataSource())
                .registerSignals(
                        MachinePath.parse("E/P/L/M"),
                        MachineKind.PRESS,
                        Map.of(
                                CanonicalSignal.STATE,
                                "s",
                                CanonicalSignal.PRESS_FORCE,
                                "f",
                                CanonicalSignal.POWER,
                                "p"));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID ent = dir.enterprises().get(0).id();
        machineId = dir.machines(dir.lines(dir.plants(ent).get(0).id()).get(0).id())
                .get(0)
                .id();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void bucketsAggregateGoodSamplesOnly() throws Exception {
        int force = ids.get(CanonicalSignal.PRESS_FORCE);
        Instant t = Instant.parse("2026-06-01T08:00:00Z");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) samples.add(Sample.of(force, t.plusSeconds(i), i, 0)); // two minutes, 0..119
        samples.add(Sample.of(force, t.plusSeconds(30).plusMillis(500), 10_000, 0x80000000)); // Bad: ignored
        new TelemetryWriter(db.dataSource()).write(samples);

        List<SeriesBucket> buckets = queries.series(force, t, t.plusSeconds(120), Duration.ofMinutes(1));
        assertThat(buckets).hasSize(2);
        SeriesBucket first = buckets.get(0);
        assertThat(first.start()).isEqualTo(t);
        assertThat(first.min()).isEqualTo(0.0);
        assertThat(first.max()).isEqualTo(59.0);
        assertThat(first.avg()).isCloseTo(29.5, within(1e-9));
        assertThat(first.last()).isEqualTo(59.0);
        assertThat(first.count()).isEqualTo(60);
        assertThat(buckets.get(1).start()).isEqualTo(t.plusSeconds(60));
    }

    @Test
    void bucketsAlignToTimescaleDbsDefaultOrigin() throws Exception {
        int power = ids.get(CanonicalSignal.POWER);
        // Thursday 2026-06-04 12:00 UTC; 7-day buckets start on Mondays (origin Monday 2000-01-03),
        // 90-minute buckets on multiples of 90 minutes since that origin.
        Instant t = Instant.parse("2026-06-04T12:00:00Z");
        new TelemetryWriter(db.dataSource()).write(List.of(Sample.of(power, t, 1.0, 0)));
        assertThat(queries.series(power, t.minus(Duration.ofDays(10)), t.plusSeconds(1), Duration.ofDays(7)))
                .singleElement()
                .extracting(SeriesBucket::start)
                .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        Instant origin = Instant.parse("2000-01-03T00:00:00Z");
        long ninety = Duration.ofMinutes(90).getSeconds();
        long k = Math.floorDiv(Duration.between(origin, t).getSeconds(), ninety);
        assertThat(queries.series(power, t.minus(Duration.ofDays(1)), t.plusSeconds(1), Duration.ofMinutes(90)))
                .singleElement()
                .extracting(SeriesBucket::start)
                .isEqualTo(origin.plusSeconds(k * ninety));
    }

    @Test
    void stateDurationsComeFromTheStateSignal() throws Exception {
        int state = ids.get(CanonicalSignal.STATE);
        Instant t = Instant.parse("2026-06-05T00:00:00Z");
        new TelemetryWriter(db.dataSource())
                .write(List.of(
                        Sample.of(state, t.minusSeconds(5), 1, 0),
                        Sample.of(state, t.plusSeconds(100), 2, 0),
                        Sample.of(state, t.plusSeconds(400), 4, 0),
                        Sample.of(state, t.plusSeconds(500), 2, 0),
                        // the machine still reports at the end of the window, so "running" holds until then
                        Sample.of(ids.get(CanonicalSignal.POWER), t.plusSeconds(600), 5.0, 0)));
        StateDurations d = queries.stateDurations(machineId, t, t.plusSeconds(600));
        assertThat(d.seconds("idle")).isEqualTo(100.0);
        assertThat(d.seconds("running")).isEqualTo(400.0);
        assertThat(d.seconds("fault")).isEqualTo(100.0);
        assertThat(d.utilization()).isCloseTo(400.0 / 600.0, within(1e-9));
        assertThat(d.seconds("no_data")).isZero();
        assertThat(queries.latest(machineId)).extracting(LatestValue::signal).contains(CanonicalSignal.STATE);

        // After the machine's newest sample of any signal nothing is known: that time is no data, not running.
        StateDurations beyond = queries.stateDurations(machineId, t, t.plusSeconds(700));
        assertThat(beyond.seconds("running")).isEqualTo(400.0);
        assertThat(beyond.seconds("no_data")).isEqualTo(100.0);
    }
}
