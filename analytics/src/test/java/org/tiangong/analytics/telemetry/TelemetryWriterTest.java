package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
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

class TelemetryWriterTest {

    static Database db;
    static TelemetryWriter writer;
    static int energy;
    static int power;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        writer = new TelemetryWriter(db.dataSource());
        Map<CanonicalSignal, Integer> ids = new TopologyRegistry(db.dataSource())
                .registerSignals(
                        MachinePath.parse("E/P/L/M"),
                        MachineKind.CNC,
                        Map.of(CanonicalSignal.ENERGY, "n1", CanonicalSignal.POWER, "n2"));
        energy = ids.get(CanonicalSignal.ENERGY);
        power = ids.get(CanonicalSignal.POWER);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void storesEveryValueWithItsMicrosecondTimeAndStatus() throws Exception {
        Instant t = Instant.parse("2026-03-01T08:00:00.123456Z");
        int stored = writer.write(List.of(
                Sample.of(energy, t, 10.5, 0),
                Sample.of(energy, t.plusMillis(1), Double.NaN, 0x80000000),
                Sample.of(energy, t.plusMillis(2), 11.25, 0x40000000)));
        assertThat(stored).isEqualTo(3);
        List<String> rows = rows("SELECT time, value, status FROM telemetry WHERE signal_id = " + energy
                + " AND time >= '2026-03-01' AND time < '2026-03-02' ORDER BY time");
        assertThat(rows)
                .containsExactly(
                        "2026-03-01T08:00:00.123456Z|10.5|0",
                        "2026-03-01T08:00:00.124456Z|NaN|-2147483648",
                        "2026-03-01T08:00:00.125456Z|11.25|1073741824");
    }

    @Test
    void aReplayedBatchIsStoredOnce() throws Exception {
        Instant t = Instant.parse("2026-04-01T00:00:00Z");
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) batch.add(Sample.of(power, t.plusSeconds(i), i, 0));
        assertThat(writer.write(batch)).isEqualTo(1000);
        assertThat(writer.write(batch)).isZero();
        // A batch that overlaps half-way stores only the new half, and duplicates inside one batch count once.
        List<Sample> overlap = new ArrayList<>(batch.subList(500, 1000));
        for (int i = 1000; i < 1500; i++) overlap.add(Sample.of(power, t.plusSeconds(i), i, 0));
        overlap.add(overlap.get(overlap.size() - 1));
        assertThat(writer.write(overlap)).isEqualTo(500);
        assertThat(rows("SELECT count(*) FROM telemetry WHERE signal_id = " + power
                        + " AND time >= '2026-04-01' AND time < '2026-05-01'"))
                .containsExactly("1500");
    }

    @Test
    void latestValueOnlyMovesForward() throws Exception {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        writer.write(List.of(Sample.of(power, t, 7.0, 0)));
        writer.write(List.of(Sample.of(power, t.minusSeconds(60), 3.0, 0))); // late sample from a buffer
        assertThat(rows("SELECT time, value, status FROM signal_latest WHERE signal_id = " + power))
                .containsExactly("2030-01-01T00:00:00Z|7.0|0");
    }

    @Test
    void aBatchMixingNewAndReplayedRowsStoresEachRowOnce() throws Exception {
        Map<CanonicalSignal, Integer> ids = machine("E/P/L/W0");
        int power = ids.get(CanonicalSignal.POWER);
        int energy = ids.get(CanonicalSignal.ENERGY);
        Instant t = Instant.parse("2026-05-01T00:00:00Z");
        List<Sample> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(Sample.of(power, t.plusSeconds(i), i, 0));
            first.add(Sample.of(energy, t.plusSeconds(i), i, 0));
        }
        assertThat(writer.write(first)).isEqualTo(200);
        // power: only new rows (straight COPY); energy: a replay of 50 stored rows followed by 50 new ones,
        // with one sample out of order
        List<Sample> mixed = new ArrayList<>();
        for (int i = 100; i < 150; i++) mixed.add(Sample.of(power, t.plusSeconds(i), i, 0));
        for (int i = 50; i < 150; i++) mixed.add(Sample.of(energy, t.plusSeconds(i), i * 2.0, 0));
        mixed.add(Sample.of(energy, t.plusSeconds(10).plusMillis(500), -1, 0));
        assertThat(writer.write(mixed)).isEqualTo(50 + 50 + 1);
        assertThat(writer.write(mixed)).isZero();
        String may = " AND time >= '2026-05-01' AND time < '2026-06-01'";
        assertThat(rows("SELECT count(*), max(value) FROM telemetry WHERE signal_id = " + power + may))
                .containsExactly("150|149.0");
        // the replayed rows kept their first values; the new ones are stored
        assertThat(rows("SELECT count(*), sum(value) FROM telemetry WHERE signal_id = " + energy + may))
                .containsExactly("151|" + (double) (99 * 100 / 2 + 2 * (100 + 149) * 50 / 2 - 1));
        assertThat(rows("SELECT time, value FROM signal_latest WHERE signal_id IN (" + power + ", " + energy
                        + ") ORDER BY signal_id = " + power))
                .containsExactly("2026-05-01T00:02:29Z|298.0", "2026-05-01T00:02:29Z|149.0");
    }

    @Test
    void twoWritersRacingOverTheSameRowsStoreEachRowOnce() throws Exception {
        Map<CanonicalSignal, Integer> ids = machine("E/P/L/W1");
        int power = ids.get(CanonicalSignal.POWER);
        int energy = ids.get(CanonicalSignal.ENERGY);
        Instant t = Instant.parse("2026-07-01T00:00:00Z");
        List<List<Sample>> batches = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<Sample> batch = new ArrayList<>();
            // consecutive batches overlap by half, so a writer meets rows the other one is storing
            for (int i = b * 50; i < b * 50 + 100; i++) {
                batch.add(Sample.of(power, t.plusSeconds(i), i, 0));
                batch.add(Sample.of(energy, t.plusSeconds(i), i, 0));
            }
            batches.add(batch);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                // a writer of its own each, as two ingest processes would have: neither knows the other's marks
                TelemetryWriter own = new TelemetryWriter(db.dataSource());
                results.add(pool.submit(() -> {
                    int stored = 0;
                    for (List<Sample> batch : batches) stored += own.write(batch);
                    return stored;
                }));
            }
            int total = 0;
            for (var r : results) total += r.get();
            assertThat(total).isEqualTo(2 * (39 * 50 + 100));
        } finally {
            pool.shutdownNow();
        }
        String july = " AND time >= '2026-07-01' AND time < '2026-08-01'";
        assertThat(rows("SELECT count(*), count(DISTINCT time) FROM telemetry WHERE signal_id = " + power + july))
                .containsExactly("2050|2050");
        assertThat(rows("SELECT time FROM signal_latest WHERE signal_id = " + energy))
                .containsExactly(t.plusSeconds(2049).toString());
    }

    @Test
    void newSamplesOlderThanTheRollupWatermarkMoveItBack() throws Exception {
        Map<CanonicalSignal, Integer> ids = machine("E/P/L/W2");
        int power = ids.get(CanonicalSignal.POWER);
        int energy = ids.get(CanonicalSignal.ENERGY);
        Instant t = Instant.parse("2031-01-01T00:00:00Z");
        writer.write(List.of(Sample.of(power, t, 1, 0)));
        exec("UPDATE rollup_watermark SET rolled_until = '2031-02-01' WHERE machine_id = "
                + "(SELECT machine_id FROM signal WHERE id = " + power + ")");
        // newer than the signal's mark (so copied straight), older than what the rollup job has covered
        writer.write(List.of(Sample.of(power, t.plusSeconds(60), 2, 0), Sample.of(power, t.plusSeconds(120), 3, 0)));
        assertThat(rows("SELECT rolled_until FROM rollup_watermark WHERE machine_id = "
                        + "(SELECT machine_id FROM signal WHERE id = " + power + ")"))
                .containsExactly(t.plusSeconds(60).toString());
    }

    private static Map<CanonicalSignal, Integer> machine(String path) throws Exception {
        return new TopologyRegistry(db.dataSource())
                .registerSignals(
                        MachinePath.parse(path),
                        MachineKind.CNC,
                        Map.of(CanonicalSignal.ENERGY, "n1", CanonicalSignal.POWER, "n2"));
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> rows(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) sb.append('|');
                    Object o = rs.getObject(i);
                    sb.append(
                            o instanceof java.sql.Timestamp ts ? ts.toInstant().toString() : String.valueOf(o));
                }
                out.add(sb.toString());
            }
            return out;
        }
    }
}
