package org.tiangong.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/** A node the server does not know is reported and skipped; every other node of the endpoint is still collected. */
class BadNodeTest {

    @TempDir
    Path certificates;

    @Test
    void oneUnknownNodeDoesNotStopTheEndpoint() throws Exception {
        try (PlantSimulator sim = new PlantSimulator(
                                CollectorEndToEndTest.fastPlant(), SimulatorOptions.forTests(certificates))
                        .start();
                Database db = TestDatabases.fresh()) {
            CollectorConfig generated =
                    SimulatorCollectorConfig.forSimulator(sim, 50, new CollectorConfig.Writer(1000, 200L, 100_000));
            CollectorConfig.Endpoint e = generated.endpoints().get(0);
            List<CollectorConfig.Machine> machines = new ArrayList<>(e.machines());
            CollectorConfig.Machine first = machines.get(0);
            Map<String, org.tiangong.collector.config.SignalSource> signals = new LinkedHashMap<>(first.signals());
            signals.put(
                    "alarm_code",
                    org.tiangong.collector.config.SignalSource.of(
                            "nsu=urn:tiangong:sim;s=L1/NO-SUCH-MACHINE/alarm_code"));
            machines.set(0, new CollectorConfig.Machine(first.path(), first.kind(), signals));
            CollectorConfig config = new CollectorConfig(
                            generated.writer(),
                            generated.buffer(),
                            generated.metrics(),
                            null,
                            List.of(new CollectorConfig.Endpoint(
                                    e.name(),
                                    e.url(),
                                    e.publishingIntervalMillis(),
                                    e.samplingIntervalMillis(),
                                    e.queueSize(),
                                    machines)))
                    .validated("test");
            try (Collector collector = Collector.start(config, db)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> distinctSignals(db) >= 10);
                assertThat(collector.endpointStats().get(0).received()).isPositive();
            }
        }
    }

    static long distinctSignals(Database db) throws Exception {
        try (var c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(DISTINCT signal_id) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
