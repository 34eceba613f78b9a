package org.tiangong.collector.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SignalSource;
import org.tiangong.collector.opcua.ClientFactory;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.sim.CompanionNodes;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Units and scrap names against the real simulator: automap reads each node's EngineeringUnits and proposes the
 * scale to the canonical unit (ms → s, W → kW, Wh → kWh), says when a unit cannot be converted, and finds scrap
 * anywhere in a name; a collector YAML signal with {@code scale} stores the published milliseconds as seconds.
 */
class EngineeringUnitsTest {

    @TempDir
    Path dir;

    @Test
    void automapConvertsEngineeringUnitsAndFindsScrapAnywhereInTheName() throws Exception {
        try (PlantSimulator sim = new PlantSimulator(
                        SecureConnectTest.companionPlant(),
                        SimulatorOptions.forTests(dir).withCompanionMachines("L1/MT-01"))
                .start()) {
            OpcUaClient client = ClientFactory.create("t", sim.endpointUrl(), ClientSecurity.NONE);
            client.connect();
            try {
                AddressSpace space = new AddressSpace(client);
                String base = CompanionNodes.rootNodeId("MT-01");

                // the machine's own vendor folder: already in the canonical units, scale 1
                var all = space.walk(space.parse(base), 8, 3000);
                var units = space.engineeringUnits(all);
                assertThat(units.get(base + "/Vendor/LastCycleTime")).isEqualTo(new UnitConversions.Unit("s", "SEC"));
                assertThat(units.get(base + "/Controller/CycleTimeMs"))
                        .isEqualTo(new UnitConversions.Unit("ms", "C26"));
                assertThat(units.get(base + "/Vendor/AlarmNumber")).isNull();
                var machine = bySignal(AutoMapper.propose(all, Map.of(), units));
                assertThat(machine.get("cycle_time").nodeId()).isEqualTo(base + "/Vendor/LastCycleTime");
                assertThat(machine.get("cycle_time").scale()).isEqualTo(1.0);
                assertThat(machine.get("cycle_time").reason()).contains("EngineeringUnits s, already in s (scale 1)");
                assertThat(machine.get("alarm_code").unit()).isNull();

                // the gateway's folder: milliseconds, watts and watt-hours converted, a torque refused, PartsScrap
                // found
                var walked = space.walk(space.parse(base + "/Controller"), 8, 3000);
                AutoMapper.Result result = AutoMapper.propose(walked, Map.of(), space.engineeringUnits(walked));
                var controller = bySignal(result);
                assertThat(controller.get("cycle_time").nodeId()).isEqualTo(base + "/Controller/CycleTimeMs");
                assertThat(controller.get("cycle_time").scale()).isEqualTo(0.001);
                assertThat(controller.get("cycle_time").reason()).contains("converted from ms to s: scale 0.001");
                assertThat(controller.get("power").nodeId()).isEqualTo(base + "/Controller/PowerW");
                assertThat(controller.get("power").scale()).isEqualTo(0.001);
                assertThat(controller.get("power").reason()).contains("from W to kW: scale 0.001");
                assertThat(controller.get("energy").scale()).isEqualTo(0.001);
                assertThat(controller.get("energy").reason()).contains("from Wh to kWh");
                assertThat(controller.get("parts_scrap").nodeId()).isEqualTo(base + "/Controller/PartsScrap");
                assertThat(controller.get("parts_scrap").reason()).contains("names scrap");
                AutoMapper.Proposal torque = controller.get("spindle_load");
                assertThat(torque.unitConverted()).isFalse();
                assertThat(torque.scale()).isEqualTo(1.0);
                assertThat(torque.reason()).contains("N·m, which cannot be converted to %");
                assertThat(result.notes())
                        .anySatisfy(n -> assertThat(n).contains("SpindleLoadNm").contains("cannot be converted"));
            } finally {
                client.disconnectAsync().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aYamlSignalWithAScaleStoresMillisecondsAsSeconds() throws Exception {
        try (PlantSimulator sim = new PlantSimulator(
                                SecureConnectTest.companionPlant(),
                                SimulatorOptions.forTests(dir.resolve("sim")).withCompanionMachines("L1/MT-01"))
                        .start();
                Database db = TestDatabases.fresh()) {
            String node = CompanionNodes.rootNodeId("MT-01") + "/Controller/CycleTimeMs";
            Map<String, SignalSource> signals = new LinkedHashMap<>();
            signals.put("cycle_time", new SignalSource(node, 0.001, null, "ms", 100.0, null, null));
            signals.put("parts_scrap", SignalSource.of(CompanionNodes.rootNodeId("MT-01") + "/Controller/PartsScrap"));
            CollectorConfig config = new CollectorConfig(
                            new CollectorConfig.Writer(1000, 100L, 100_000),
                            CollectorConfig.Buffer.defaults().withPath(dir.resolve("buffer.db")),
                            CollectorConfig.Metrics.disabled(),
                            null,
                            List.of(new CollectorConfig.Endpoint(
                                    "sim",
                                    sim.endpointUrl(),
                                    null,
                                    500.0,
                                    null,
                                    List.of(new CollectorConfig.Machine("CON/P1/L1/MT-01", "cnc", signals)))))
                    .validated("test");
            try (Collector collector = Collector.start(config, db, null)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> stored(db, "cycle_time").size() >= 3);
            }
            Map<Instant, Double> published = new HashMap<>();
            for (PublishedRecord.PublishedValue v :
                    sim.publishedRecord().published("Machines/MT-01/Controller/CycleTimeMs")) {
                published.put(v.sourceTime(), v.value());
            }
            for (var row : stored(db, "cycle_time").entrySet()) {
                assertThat(published).as("published at " + row.getKey()).containsKey(row.getKey());
                assertThat(row.getValue()).isCloseTo(published.get(row.getKey()) * 0.001, within(1e-9));
            }
            // the scrap counter without settings is stored as published
            assertThat(stored(db, "parts_scrap")).isNotEmpty();
        }
    }

    static Map<String, AutoMapper.Proposal> bySignal(AutoMapper.Result r) {
        Map<String, AutoMapper.Proposal> out = new LinkedHashMap<>();
        r.proposals().forEach(p -> out.put(p.signal(), p));
        return out;
    }

    static Map<Instant, Double> stored(Database db, String signal) throws Exception {
        Map<Instant, Double> out = new HashMap<>();
        new Jdbc(db.dataSource())
                .list(
                        "SELECT t.time, t.value FROM telemetry t JOIN signal s ON s.id = t.signal_id "
                                + "WHERE s.name = ? AND t.status = 0",
                        rs -> out.put(Jdbc.instant(rs, "time"), rs.getDouble(2)),
                        signal);
        return out;
    }
}
