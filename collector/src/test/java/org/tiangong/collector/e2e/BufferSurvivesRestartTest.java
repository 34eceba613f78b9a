package org.tiangong.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.Collector;
import org.tiangong.collector.buffer.SampleBuffer;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Nothing lost at shutdown or restart (issue #15): the database goes away before the collector stops, so its last
 * samples stay in the buffer — in the data directory, where the next run finds and forwards every one of them.
 */
class BufferSurvivesRestartTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path certificates;

    record Key(int signalId, long micros, double value, int status) {}

    @Test
    void aRestartedCollectorForwardsEverySampleTheLastRunLeftInItsBuffer() throws Exception {
        Path pgData = dataDir.resolve("postgres");
        CollectorConfig.Buffer buffer = CollectorConfig.Buffer.defaults().inDataDir(dataDir);
        assertThat(Path.of(buffer.path())).isEqualTo(dataDir.resolve("collector-buffer.db"));
        Set<Key> leftInBuffer = new HashSet<>();
        CollectorConfig config;
        try (PlantSimulator sim = new PlantSimulator(
                        CollectorEndToEndTest.fastPlant(), SimulatorOptions.forTests(certificates))
                .start()) {
            config = SimulatorCollectorConfig.forSimulator(
                    sim, 50, new CollectorConfig.Writer(1000, 200L, 100_000), buffer);
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgData, 0);
            Database db = open(pg);
            Collector first = Collector.start(config, db);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> count(db) > 50);
            } finally {
                // the wrong order: the database stops while the collector is still collecting
                db.close();
                pg.close();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> first.buffer().depth() > 20);
            first.close();
        }
        // what the first run left: read straight from the file, not acknowledged
        try (SampleBuffer left =
                SampleBuffer.open(Path.of(buffer.path()), buffer.maxSamples(), SampleBuffer.OnFull.DROP_OLDEST)) {
            assertThat(left.depth()).isPositive();
            var batch = left.oldest((int) left.depth()).orElseThrow();
            for (Sample s : batch.samples()) leftInBuffer.add(key(s));
            assertThat(leftInBuffer).hasSize((int) left.depth());
        }

        // the next run, with the OPC UA server gone: it has nothing new, only the buffer to forward
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgData, 0);
                Database db = open(pg)) {
            Collector second = Collector.start(config, db);
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> second.buffer().depth() == 0);
                Set<Key> stored = stored(db);
                assertThat(stored).containsAll(leftInBuffer);
            } finally {
                second.close();
            }
        }
    }

    static Database open(EmbeddedPostgresServer pg) {
        return Database.open(new DbSettings(pg.ensureDatabase("tiangong"), null, null, 4));
    }

    static Key key(Sample s) {
        return new Key(s.signalId(), s.timeMicros(), s.value(), s.status());
    }

    static long count(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Set<Key> stored(Database db) throws Exception {
        Set<Key> out = new HashSet<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT signal_id, time, value, status FROM telemetry");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                var t = rs.getObject(2, OffsetDateTime.class).toInstant();
                double v = rs.getDouble(3);
                if (rs.wasNull()) v = Double.NaN;
                out.add(new Key(rs.getInt(1), t.getEpochSecond() * 1_000_000 + t.getNano() / 1000, v, rs.getInt(4)));
            }
        }
        return out;
    }
}
