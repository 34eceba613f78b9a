package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;

class SeriesRollupTest {

    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-03T12:00:00Z"), ZoneOffset.UTC);
    static Database db;
    static TelemetryWriter writer;
    static TelemetryQueries queries;
    static SeriesRollupJob job;
    static int power;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        writer = new TelemetryWriter(db.dataSource());
        queries = new TelemetryQueries(db.dataSource(), db.bucketing(), CLOCK);
        job = new SeriesRollupJob(db.dataSource(), db.dialect(), CLOCK, Duration.ofMinutes(2), Duration.ofHours(7));
        Map<CanonicalSignal, Integer> ids = new TopologyRegistry(db.dataSource())
                .registerSignals(MachinePath.parse("S/P/L/M"), MachineKind.CNC, Map.of(CanonicalSignal.POWER, "p"));
        power = ids.get(CanonicalSignal.POWER);
        // two and a half days, a sample every 7.3 s; every 50th Bad, every 97th NaN (both never counted)
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < (int) (2.5 * 86_400 / 7.3); i++) {
            Instant t = START.plusMillis(i * 7_300L);
            int status = i % 50 == 0 ? 0x80000000 : 0;
            double v = i % 97 == 0 ? Double.NaN : 40 + 30 * Math.sin(i / 300.0) + (i % 13) * 0.37;
            s.add(Sample.of(power, t, v, status));
        }
        for (int i = 0; i < s.size(); i += 5000) writer.write(s.subList(i, Math.min(s.size(), i + 5000)));
        job.catchUp();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static void assertRollupsEqualRaw(Instant from, Instant to, Duration bucket) throws Exception {
        List<SeriesBucket> raw = queries.rawSeries(power, from, to, bucket);
        List<SeriesBucket> rolled = queries.series(power, from, to, bucket);
        assertThat(raw).as("raw series %s..%s by %s", from, to, bucket).isNotEmpty();
        assertThat(rolled).hasSameSizeAs(raw);
        for (int i = 0; i < raw.size(); i++) {
            SeriesBucket r = raw.get(i), x = rolled.get(i);
            assertThat(x.start()).isEqualTo(r.start());
            assertThat(x.count()).as("count at %s", r.start()).isEqualTo(r.count());
            assertThat(x.min()).isEqualTo(r.min());
            assertThat(x.max()).isEqualTo(r.max());
            assertThat(x.last()).as("last at %s", r.start()).isEqualTo(r.last());
            // the average differs from the raw one only by the order of the floating-point sum
            assertThat(x.avg()).isCloseTo(r.avg(), within(1e-9 * Math.max(1, Math.abs(r.avg()))));
        }
    }

    @Test
    void rollupSeriesEqualRawSeriesForAlignedAndUnalignedWindows() throws Exception {
        Instant end = START.plus(Duration.ofHours(60));
        for (Duration bucket : List.of(
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofDays(1))) {
            assertRollupsEqualRaw(START, end, bucket);
            assertRollupsEqualRaw(START.plusSeconds(3_671), end.minusSeconds(1_234), bucket); // edges mid-minute/hour
        }
        assertRollupsEqualRaw(START.plusSeconds(10), START.plusSeconds(50), Duration.ofMinutes(1)); // inside a minute
    }

    @Test
    void aLateSampleIsInTheSeriesAtOnceAndInTheRollupsAfterTheNextPass() throws Exception {
        Instant late = START.plus(Duration.ofHours(30)).plusMillis(1_234);
        assertThat(writer.write(List.of(Sample.of(power, late, 9_999.0, 0)))).isEqualTo(1);
        assertThat(one("SELECT rolled_until FROM series_watermark")).isEqualTo(late.toString());
        Instant from = START.plus(Duration.ofHours(29)), to = START.plus(Duration.ofHours(33));
        assertRollupsEqualRaw(from, to, Duration.ofHours(1));
        assertThat(queries.series(power, from, to, Duration.ofHours(1)).get(1).max())
                .isEqualTo(9_999.0);
        job.catchUp();
        assertThat(one("SELECT max(max) FROM signal_hour")).isEqualTo("9999.0");
        assertRollupsEqualRaw(from, to, Duration.ofHours(1));
        assertRollupsEqualRaw(START, START.plus(Duration.ofHours(60)), Duration.ofMinutes(10));
    }

    static String one(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Object o = rs.getObject(1);
            return o instanceof java.sql.Timestamp ts ? ts.toInstant().toString() : String.valueOf(o);
        }
    }
}
