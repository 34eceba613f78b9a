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
