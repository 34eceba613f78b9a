package org.tiangong.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SignalSource;
import org.tiangong.collector.sim.CompanionNodes;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Units on the way in (issue #15): a mapping that names the unit its node delivers stores values in the signal's
 * canonical unit — the gateway's cycle time in ms is stored in s, its meter in Wh in kWh — value for value.
 */
class UnitsEndToEndTest {

    @TempDir
    Path certificates;

    @Test
    void millisecondsAreStoredAsSecondsAndWattHoursAsKilowattHours() throws Exception {
        try (PlantSimulator sim = new PlantSimulator(
                                CollectorEndToEndTest.fastPlant(),
                                SimulatorOptions.forTests(certificates).withCompanionMachines("L1/CNC-01"))
                        .start();
                Database db = TestDatabases.fresh()) {
            String controller = "nsu=urn:tiangong:sim;s=" + CompanionNodes.base("CNC-01") + "/Controller/";
            Map<String, SignalSource> signals = new LinkedHashMap<>();
            signals.put("cycle_time", new SignalSource(controller + "CycleTimeMs", null, null, "ms", null, null, null));
            signals.put("energy", new SignalSource(controller + "EnergyWh", null, null, "Wh", null, null, null));
            String path = "E2E/P1/L1/CNC-01";
            CollectorConfig config = new CollectorConfig(
                            new CollectorConfig.Writer(1000, 200L, 100_000),
                            null,
                            CollectorConfig.Metrics.anyPort(),
                            null,
                            List.of(new CollectorConfig.Endpoint(
                                    "gateway",
                                    sim.endpointUrl(),
                                    100.0,
                                    50.0,
                                    100,
                                    List.of(new CollectorConfig.Machine(path, "cnc", signals)))))
                    .validated("(test)");
            config = config.withBuffer(config.buffer().withPath(certificates.resolve("buffer.db")));
            Map<CanonicalSignal, Integer> ids = new TopologyRegistry(db.dataSource())
                    .registerSignals(
                            MachinePath.parse(path),
                            MachineKind.CNC,
                            Map.of(
                                    CanonicalSignal.CYCLE_TIME, controller + "CycleTimeMs",
                                    CanonicalSignal.ENERGY, controller + "EnergyWh"));
            try (Collector collector = Collector.start(config, db)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> values(db, ids.get(CanonicalSignal.ENERGY)).size() >= 5
                                && values(db, ids.get(CanonicalSignal.CYCLE_TIME))
                                                .size()
                                        >= 3);
            }
            assertConverted(db, sim, ids.get(CanonicalSignal.CYCLE_TIME), controller + "CycleTimeMs");
            assertConverted(db, sim, ids.get(CanonicalSignal.ENERGY), controller + "EnergyWh");
        }
    }

    /** Every stored value is a published one ÷ 1000, at the same time. */
    static void assertConverted(Database db, PlantSimulator sim, int signalId, String node) throws Exception {
        var published = sim.publishedRecord().published(node);
        List<double[]> stored = values(db, signalId);
        assertThat(stored).isNotEmpty();
        for (double[] row : stored) {
            var match = published.stream()
                    .filter(v -> v.sourceTime().toEpochMilli() == (long) row[0])
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no published value of " + node + " at " + (long) row[0]));
            assertThat(row[1]).isCloseTo(match.value() / 1000, Offset.offset(1e-9 * Math.max(1, match.value())));
        }
    }

    /** (epoch millis, value) of the Good rows in time order. */
    static List<double[]> values(Database db, int signalId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT (extract(epoch FROM time) * 1000)::int8, value FROM telemetry "
                                + "WHERE signal_id = ? AND status = 0 ORDER BY time")) {
            ps.setInt(1, signalId);
            try (ResultSet rs = ps.executeQuery()) {
                List<double[]> out = new ArrayList<>();
                while (rs.next()) out.add(new double[] {rs.getLong(1), rs.getDouble(2)});
                return out;
            }
        }
    }
}
