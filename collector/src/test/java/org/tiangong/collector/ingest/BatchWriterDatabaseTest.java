package org.tiangong.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;

/** The writer with the real sink, {@link TelemetryWriter}, on a real PostgreSQL. */
class BatchWriterDatabaseTest {

    Database db;
    int signal;
    final Instant t0 = Instant.parse("2026-11-28T08:00:00Z");

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.fresh();
        signal = new TopologyRegistry(db.dataSource())
                .registerSignals(
                        MachinePath.parse("E/P/L/M"),
                        MachineKind.CNC,
                        Map.of(CanonicalSignal.ENERGY, "ns=2;s=M/energy"))
                .get(CanonicalSignal.ENERGY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void replayedSamplesAreStoredOnceAndCountedAsDuplicates() throws Exception {
        SampleQueue queue = new SampleQueue(10_000);
        try (BatchWriter writer =
                new BatchWriter(queue, new TelemetryWriter(db.dataSource())::write, 500, 50).start()) {
            for (int i = 0; i < 1200; i++) queue.put(sample(i));
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.stats().stored() == 1200);
            for (int i = 600; i < 1800; i++) queue.put(sample(i)); // 600 replayed, 600 new
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> writer.stats().stored() + writer.stats().duplicates() == 2400);
            assertThat(writer.stats().stored()).isEqualTo(1800);
            assertThat(writer.stats().duplicates()).isEqualTo(600);
            assertThat(writer.stats().batches()).isGreaterThanOrEqualTo(5);
        }
        assertThat(rows()).isEqualTo(1800);
    }

    @Test
    void whileTheDatabaseIsUnreachableTheBatchIsHeldAndStoredWhenItIsBack() throws Exception {
        TelemetryWriter unreachable = new TelemetryWriter(closedPort());
        TelemetryWriter reachable = new TelemetryWriter(db.dataSource());
        AtomicBoolean down = new AtomicBoolean(true);
        SampleQueue queue = new SampleQueue(10_000);
        try (BatchWriter writer =
                new BatchWriter(queue, batch -> (down.get() ? unreachable : reachable).write(batch), 100, 20).start()) {
            for (int i = 0; i < 250; i++) queue.put(sample(i));
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().failedWrites() >= 2);
            assertThat(writer.stats().stored()).isZero();
            down.set(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.stats().stored() == 250);
        }
        assertThat(rows()).isEqualTo(250);
    }

    Sample sample(int i) {
        return Sample.of(signal, t0.plusMillis(100L * i), i * 0.5, 0);
    }

    long rows() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A data source whose connections are refused: a port that was free a moment ago. */
    static PGSimpleDataSource closedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("tiangong");
        ds.setConnectTimeout(2);
        return ds;
    }
}
