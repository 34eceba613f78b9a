package org.tiangong.api.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.Sample;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.connect.PlatformFiles;
import org.tiangong.collector.mqtt.EdgeSignals;
import org.tiangong.collector.opcua.EndpointSubscriber;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Configuration to the edge, end to end: a real API over a real database, the simulator's OPC UA server, and an edge
 * collector in pull mode (no database; its buffer forwards to a test sink in place of the MQTT publisher, which is
 * tested on its own). A mapping saved through the API is collected at the edge without a restart; a second signal is
 * added to the running subscription in place; removed, its monitored item goes; a revoked key is logged once and the
 * edge collects on; with the platform down the edge collects on and a restarted edge starts from its cached copy.
 */
class EdgePullTest {

    static final String STATE = "nsu=urn:tiangong:sim;s=L1/CNC-01/state";
    static final String POWER = "nsu=urn:tiangong:sim;s=L1/CNC-01/power";

    @TempDir
    Path dir;

    /** Where the edge's buffer forwards: everything it got, in order. */
    final Queue<Sample> received = new ConcurrentLinkedQueue<>();

    @Test
    void mappingsSavedOnThePlatformAreCollectedAtTheEdgeWithoutARestart() throws Exception {
        Logger pullLog = (Logger) LoggerFactory.getLogger(PulledSource.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        pullLog.addAppender(logged);
        TestPlatform platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        try (PlantSimulator sim = new PlantSimulator(
                        new PlantDefinition(
                                new PlantDefinition.EnterpriseInfo("SIM", "模拟"),
                                new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                                new PlantDefinition.SimulationSettings(7, 100),
                                List.of(new PlantDefinition.LineDefinition(
                                        "L1",
                                        "一线",
                                        List.of(MachineDefinition.withDefaults("CNC-01", "加工中心 1", MachineKind.CNC))))),
                        SimulatorOptions.forTests(dir.resolve("sim")))
                .start()) {
            UUID enterprise = platform.acme.enterpriseId();
            UUID machine = platform.acme.cncId();
            send(
                    platform,
                    HttpMethod.PUT,
                    "/enterprises/" + enterprise + "/endpoint-targets",
                    new JsonObject()
                            .put("entries", new JsonArray().add("localhost").add("127.0.0.1")),
                    200);
            UUID endpoint = UUID.fromString(send(
                            platform,
                            HttpMethod.POST,
                            "/endpoints",
                            new JsonObject()
                                    .put("enterpriseId", enterprise.toString())
                                    .put("name", "一线 OPC UA")
                                    .put("url", sim.endpointUrl()),
                            201)
                    .getString("id"));
            String key = send(
                            platform,
                            HttpMethod.POST,
                            "/plants/" + platform.acme.plantId() + "/edge-keys",
                            new JsonObject().put("name", "P1 edge"),
                            201)
                    .getString("key");
            URI from = URI.create("http://127.0.0.1:" + platform.server.port() + "/api/v1/edge/config");
            Path buffer = dir.resolve("edge").resolve("buffer.db");
            java.nio.file.Files.createDirectories(buffer.getParent());
            PlatformFiles edgeFiles = PlatformFiles.at(dir.resolve("edge-data"), Map.of());

            // the edge runs before anything is mapped: it has nothing to collect yet
            EdgeSignals signals = EdgeSignals.forBuffer(buffer);
            PulledSource source = new PulledSource(
                    new EdgeConfigClient(from, key, Duration.ofSeconds(5)), buffer, edgeFiles.secrets(), signals);
            Collector edge = startEdge(buffer, signals, source, edgeFiles);
            try {
                // 1. the first mapping, saved through the API: collected at the edge within the poll
                mapping(platform, machine, endpoint, POWER);
                await().atMost(Duration.ofSeconds(30)).until(() -> good(signals, "power") >= 2);
                EndpointSubscriber subscriber = edge.databaseSubscribers().get(0);

                // 2. a second signal: added to the running subscription, no reconnect
                mapping(platform, machine, endpoint, POWER, STATE);
                await().atMost(Duration.ofSeconds(20)).until(() -> good(signals, "state") >= 1);
                assertThat(edge.databaseSubscribers()).containsExactly(subscriber);
                assertThat(subscriber.stats().reconnects()).isZero();
                assertThat(subscriber.nodes()).containsOnlyKeys(POWER, STATE);

                // 3. removed again: its monitored item goes, the power goes on
                mapping(platform, machine, endpoint, POWER);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> subscriber.nodes().size() == 1);
                assertThat(subscriber.nodes()).containsOnlyKeys(POWER);
                long before = good(signals, "power");
                await().atMost(Duration.ofSeconds(20)).until(() -> good(signals, "power") > before + 2);

                // 4. the key revoked: 401, logged once however often the edge polls, and the edge collects on
                String keyId = platform.get("acme-manager", "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys")
                        .array()
                        .getJsonObject(0)
                        .getString("id");
                send(platform, HttpMethod.DELETE, "/edge-keys/" + keyId, null, 200);
                await().atMost(Duration.ofSeconds(20)).until(() -> warnings(logged, "401") == 1);
                long afterRevoke = good(signals, "power");
                await().atMost(Duration.ofSeconds(20)).until(() -> good(signals, "power") > afterRevoke + 5);
                assertThat(warnings(logged, "401")).isEqualTo(1);
                assertThat(edge.databaseSubscribers()).containsExactly(subscriber);

                // 5. the platform down: the edge collects on
                platform.server.close();
                long afterDown = good(signals, "power");
                await().atMost(Duration.ofSeconds(20)).until(() -> good(signals, "power") > afterDown + 5);
                await().atMost(Duration.ofSeconds(20)).until(() -> warnings(logged, "cannot reach") == 1);
            } finally {
                edge.close();
            }

            // 6. restarted while the platform is away: it starts from its cached copy and collects
            Instant restart = Instant.now();
            EdgeSignals again = EdgeSignals.forBuffer(buffer);
            PulledSource cached = new PulledSource(
                    new EdgeConfigClient(from, key, Duration.ofSeconds(5)), buffer, edgeFiles.secrets(), again);
            try (Collector restarted = startEdge(buffer, again, cached, edgeFiles)) {
                int powerId = id(again, "power");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> received.stream()
                                .anyMatch(s -> s.signalId() == powerId
                                        && s.status() == 0
                                        && s.time().isAfter(restart)));
                assertThat(restarted.databaseSubscribers()).hasSize(1);
                assertThat(restarted.databaseSubscribers().get(0).nodes()).containsOnlyKeys(POWER);
            }

            // what the edge collected is what the simulator published
            Map<Instant, Double> published = new HashMap<>();
            for (String node : List.of(POWER, STATE)) {
                sim.publishedRecord().published(node).forEach(v -> published.put(v.sourceTime(), v.value()));
                int id = id(signals, node.substring(node.lastIndexOf('/') + 1));
                List<Sample> collected = received.stream()
                        .filter(s -> s.signalId() == id && s.status() == 0)
                        .toList();
                assertThat(collected).isNotEmpty();
                for (Sample s : collected) assertThat(published).as(node).containsEntry(s.time(), s.value());
                published.clear();
            }
        } finally {
            pullLog.detachAppender(logged);
            platform.close();
        }
    }

    private Collector startEdge(Path buffer, EdgeSignals signals, PulledSource source, PlatformFiles files)
            throws Exception {
        CollectorConfig config = new CollectorConfig(
                        new CollectorConfig.Writer(1000, 100L, 100_000),
                        CollectorConfig.Buffer.defaults().withPath(buffer),
                        CollectorConfig.Metrics.anyPort(),
                        null,
                        List.of())
                .validated("edge test");
        return Collector.startForwardingTo(
                config,
                signals,
                batch -> {
                    received.addAll(batch);
                    return batch.size();
                },
                source,
                new DatabaseEndpoints.Options(files, Duration.ofMillis(300), Duration.ofMinutes(5), 100, 100));
    }

    private static long warnings(ListAppender<ILoggingEvent> logged, String containing) {
        return logged.list.stream()
                .filter(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains(containing))
                .count();
    }

    private static int id(EdgeSignals signals, String signal) {
        return signals.all().stream()
                .filter(e -> e.path().equals("ACME/P1/L1/CNC-01") && e.signal().equals(signal))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private long good(EdgeSignals signals, String signal) {
        if (signals.all().stream().noneMatch(e -> e.signal().equals(signal))) return 0;
        int id = id(signals, signal);
        return received.stream()
                .filter(s -> s.signalId() == id && s.status() == 0)
                .count();
    }

    private static void mapping(TestPlatform platform, UUID machine, UUID endpoint, String... nodes) {
        JsonArray entries = new JsonArray();
        for (String node : nodes)
            entries.add(new JsonObject()
                    .put("signal", node.substring(node.lastIndexOf('/') + 1))
                    .put("endpointId", endpoint.toString())
                    .put("nodeId", node)
                    .put("samplingIntervalMillis", 100));
        send(
                platform,
                HttpMethod.PUT,
                "/machines/" + machine + "/mapping",
                new JsonObject().put("entries", entries),
                200);
    }

    private static JsonObject send(
            TestPlatform platform, HttpMethod method, String path, JsonObject body, int expected) {
        var r = platform.send("acme-manager", method, "/api/v1" + path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? new JsonObject() : r.json();
    }
}
