package org.tiangong.collector.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.opcua.EndpointSubscriber;
import org.tiangong.collector.opcua.GapMarkers;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * A running collector picks up mappings saved in the database without a restart: the first mapping starts the
 * endpoint (Basic256Sha256/SignAndEncrypt, user name with the password decrypted from the database), a second
 * machine's mapping is added to the running subscription in place, and a removed mapping ends with a gap marker.
 * Stored values are compared with what the simulator published, after the mapping's value map.
 */
class HotReloadTest {

    @TempDir
    Path dir;

    @Test
    void savedMappingsReachTheRunningCollectorInPlace() throws Exception {
        Path dataDir = dir.resolve("platform");
        try (PlantSimulator sim = new PlantSimulator(
                                SecureConnectTest.companionPlant(),
                                SimulatorOptions.forTests(dir.resolve("sim"))
                                        .withSecurityPolicies(SecurityPolicy.Basic256Sha256)
                                        .withUser("operator", "pw-for-the-machine")
                                        .withCompanionMachines("L1/MT-01", "L1/MT-02"))
                        .start();
                Database db = TestDatabases.fresh();
                ClientPki pki = ClientPki.open(dataDir)) {
            // mutual trust, as an operator sets it up through the rejected lists on both sides
            sim.trustClientCertificate(pki.certificate());
            try {
                pki.validator(false, "setup").validateCertificateChain(List.of(sim.serverCertificate()), null, null);
            } catch (org.eclipse.milo.opcua.stack.core.UaException expected) {
                // an untrusted certificate is quarantined: that is how it reaches the rejected list
            }
            assertThat(pki.trust(ClientPki.thumbprint(sim.serverCertificate()))).isPresent();

            TopologyRegistry registry = new TopologyRegistry(db.dataSource());
            UUID mt1 = machine(db, registry, "MT-01");
            UUID mt2 = machine(db, registry, "MT-02");
            ConnectStore store = new ConnectStore(db.dataSource());
            UUID enterprise = new Jdbc(db.dataSource())
                    .one("SELECT id FROM enterprise WHERE code = 'CON'", rs -> rs.getObject(1, UUID.class))
                    .orElseThrow();
            UUID endpointId = ConnectStore.newEndpointId();
            byte[] sealed = SecretBox.load(Map.of(), dataDir).seal("pw-for-the-machine", endpointId.toString());
            store.createEndpoint(
                    new OpcEndpoint(
                            endpointId,
                            enterprise,
                            null,
                            "sim",
                            sim.endpointUrl(),
                            "Basic256Sha256",
                            "SignAndEncrypt",
                            "username",
                            "operator",
                            sealed,
                            false,
                            null,
                            null),
                    null);
            // the simulator's host is on the enterprise's allow-list of targets (the collector re-checks it)
            store.targets()
                    .replace(
                            enterprise,
                            List.of(org.tiangong.analytics.connect.TargetAllowList.host(sim.endpointUrl())),
                            null);

            CollectorConfig config = new CollectorConfig(
                            new CollectorConfig.Writer(1000, 100L, 100_000),
                            CollectorConfig.Buffer.defaults().withPath(dir.resolve("buffer.db")),
                            CollectorConfig.Metrics.anyPort(),
                            null,
                            List.of())
                    .validated("test");
            var options = new org.tiangong.collector.connect.DatabaseEndpoints.Options(
                    PlatformFiles.at(dataDir, java.util.Map.of()),
                    Duration.ofMillis(500),
                    Duration.ofMinutes(5),
                    100,
                    100);
            try (Collector collector = Collector.start(config, db, options)) {
                // 1. the first mapping: the endpoint starts, data within 10 s
                store.replaceMapping(
                        mt1,
                        List.of(
                                stateEntry(endpointId, "MT-01"),
                                entry(endpointId, "MT-01", "power", "Vendor/ActivePower")));
                Instant saved = Instant.now();
                await().atMost(Duration.ofSeconds(10)).until(() -> goodRows(db, mt1) >= 2);
                System.out.println("first mapping collected after "
                        + Duration.between(saved, Instant.now()).toMillis() + " ms");
                EndpointSubscriber subscriber = collector.databaseSubscribers().get(0);
                // an endpoint saved through the platform shows in the collector's metrics like a configured one
                String metrics = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                                + collector.metricsPort().orElseThrow() + "/metrics"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(metrics)
                        .contains("tiangong_collector_connected{endpoint=\"sim\"} 1.0")
                        .containsPattern("tiangong_collector_samples_received_total\\{endpoint=\"sim\"\\} [1-9]");

                // 2. a second machine on the same endpoint: added in place, no reconnect, data within 10 s
                store.replaceMapping(
                        mt2,
                        List.of(
                                stateEntry(endpointId, "MT-02"),
                                entry(
                                        endpointId,
                                        "MT-02",
                                        "parts_good",
                                        "Production/ProductionPlan/Job-1/RunsCompleted")));
                saved = Instant.now();
                await().atMost(Duration.ofSeconds(10)).until(() -> goodRows(db, mt2) >= 2);
                System.out.println("second mapping collected after "
                        + Duration.between(saved, Instant.now()).toMillis() + " ms");
                assertThat(collector.databaseSubscribers()).containsExactly(subscriber);
                assertThat(subscriber.stats().reconnects()).isZero();
                assertThat(subscriber.stats().recreations()).isZero();
                assertThat(subscriber.nodes()).hasSize(4);

                // 3. MT-01 unmapped: its signals end with a gap marker, MT-02 goes on
                store.replaceMapping(mt1, List.of());
                await().atMost(Duration.ofSeconds(10)).until(() -> markers(db, mt1) == 2);
                assertThat(subscriber.nodes()).hasSize(2);
                assertThat(subscriber.stats().reconnects()).isZero();
            }

            // what was stored is what the simulator published, through the value map for the state
            PublishedRecord record = sim.publishedRecord();
            for (String code : List.of("MT-01", "MT-02")) {
                UUID machine = code.equals("MT-01") ? mt1 : mt2;
                Map<Instant, Double> published = new HashMap<>();
                for (var v : record.published(
                        "Machines/" + code + "/MachineryBuildingBlocks/MachineryItemState/CurrentState/Number")) {
                    published.put(v.sourceTime(), AutoMapper.ITEM_STATE_CODES.get((long) v.value()));
                }
                var stored = new Jdbc(db.dataSource())
                        .list(
                                "SELECT t.time, t.value FROM telemetry t JOIN signal s ON s.id = t.signal_id "
                                        + "WHERE s.machine_id = ? AND s.name = 'state' AND t.status = 0",
                                rs -> Map.entry(Jdbc.instant(rs, "time"), rs.getDouble(2)),
                                machine);
                assertThat(stored).isNotEmpty();
                for (var row : stored) {
                    assertThat(published)
                            .as(code + " state at " + row.getKey())
                            .containsEntry(row.getKey(), row.getValue());
                }
            }
        }
    }

    static MappingEntry stateEntry(UUID endpoint, String code) {
        return new MappingEntry(
                "state",
                endpoint,
                "nsu=urn:tiangong:sim;s=Machines/" + code
                        + "/MachineryBuildingBlocks/MachineryItemState/CurrentState/Number",
                100,
                0,
                1,
                0,
                null,
                AutoMapper.ITEM_STATE_CODES);
    }

    static MappingEntry entry(UUID endpoint, String code, String signal, String relative) {
        return new MappingEntry(
                signal,
                endpoint,
                "nsu=urn:tiangong:sim;s=Machines/" + code + "/" + relative,
                100,
                0,
                1,
                0,
                null,
                Map.of());
    }

    static UUID machine(Database db, TopologyRegistry registry, String code) throws Exception {
        registry.registerSignals(MachinePath.parse("CON/P1/L1/" + code), MachineKind.CNC, Map.of());
        return new Jdbc(db.dataSource())
                .one("SELECT id FROM machine WHERE code = ?", rs -> rs.getObject(1, UUID.class), code)
                .orElseThrow();
    }

    static long goodRows(Database db, UUID machine) throws Exception {
        return new Jdbc(db.dataSource())
                .one(
                        "SELECT count(*) FROM telemetry t JOIN signal s ON s.id = t.signal_id "
                                + "WHERE s.machine_id = ? AND t.status = 0",
                        rs -> rs.getLong(1),
                        machine)
                .orElseThrow();
    }

    static long markers(Database db, UUID machine) throws Exception {
        return new Jdbc(db.dataSource())
                .one(
                        "SELECT count(DISTINCT s.id) FROM telemetry t JOIN signal s ON s.id = t.signal_id "
                                + "WHERE s.machine_id = ? AND t.status = ?",
                        rs -> rs.getLong(1),
                        machine,
                        GapMarkers.BAD_NO_COMMUNICATION)
                .orElseThrow();
    }
}
