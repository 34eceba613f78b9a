package org.tiangong.api.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.opcua.EndpointSubscriber;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * An endpoint saved through the platform is edited in place: PATCH changes its URL and subscription settings, its
 * mappings stay, and the running collector reconnects with the new settings and goes on storing data. Without
 * settings of its own, an endpoint publishes as fast as its fastest mapped node is sampled.
 */
class EndpointPatchTest {

    @TempDir
    Path dir;

    @Test
    void patchKeepsTheMappingsAndTheCollectorReconnectsWithTheNewSettings() throws Exception {
        try (TestPlatform platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
                PlantSimulator sim = new PlantSimulator(
                                new PlantDefinition(
                                        new PlantDefinition.EnterpriseInfo("SIM", "模拟"),
                                        new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                                        new PlantDefinition.SimulationSettings(5, 100),
                                        List.of(new PlantDefinition.LineDefinition(
                                                "L1",
                                                "一线",
                                                List.of(MachineDefinition.withDefaults(
                                                        "CNC-01", "加工中心", MachineKind.CNC))))),
                                SimulatorOptions.forTests(dir.resolve("sim")))
                        .start()) {
            // h1-hardening: ACME's endpoints may point at this machine only (the allow-list of targets)
            var targets = platform.send(
                    "acme-manager",
                    HttpMethod.PUT,
                    "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/endpoint-targets",
                    new JsonObject()
                            .put("entries", new JsonArray().add("localhost").add("127.0.0.1")));
            assertThat(targets.status()).as(targets.body()).isEqualTo(200);
            String machine = platform.send(
                            "acme-manager",
                            HttpMethod.POST,
                            "/api/v1/lines/" + platform.acme.lineId() + "/machines",
                            new JsonObject()
                                    .put("code", "CNC-07")
                                    .put("name", "加工中心 7")
                                    .put("kind", "cnc"))
                    .json()
                    .getString("id");
            var created = platform.send(
                    "acme-manager",
                    HttpMethod.POST,
                    "/api/v1/endpoints",
                    new JsonObject()
                            .put("enterpriseId", platform.acme.enterpriseId().toString())
                            .put("name", "一线")
                            .put("url", sim.endpointUrl()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            UUID endpoint = UUID.fromString(created.json().getString("id"));
            JsonArray entries = new JsonArray();
            for (String signal : List.of("state", "power")) {
                entries.add(new JsonObject()
                        .put("signal", signal)
                        .put("endpointId", endpoint.toString())
                        .put("nodeId", "nsu=urn:tiangong:sim;s=L1/CNC-01/" + signal)
                        .put("samplingIntervalMillis", signal.equals("state") ? 200 : 100));
            }
            assertThat(platform.send(
                                    "acme-manager",
                                    HttpMethod.PUT,
                                    "/api/v1/machines/" + machine + "/mapping",
                                    new JsonObject().put("entries", entries))
                            .status())
                    .isEqualTo(200);

            CollectorConfig config = new CollectorConfig(
                            null,
                            CollectorConfig.Buffer.defaults().withPath(dir.resolve("buffer.db")),
                            CollectorConfig.Metrics.disabled(),
                            null,
                            List.of())
                    .validated("test");
            try (Collector collector = Collector.start(
                    config,
                    platform.db,
                    new DatabaseEndpoints.Options(
                            org.tiangong.api.cli.RuntimeEnvironment.platformFiles(),
                            Duration.ofMillis(300),
                            Duration.ofMinutes(5),
                            500,
                            10))) {
                DatabaseEndpoints platformEndpoints =
                        collector.databaseEndpoints().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> rows(platform, machine, Instant.EPOCH) > 0);
                EndpointSubscriber first =
                        platformEndpoints.subscriberOf(endpoint).orElseThrow();
                // no setting of its own: published as fast as the fastest node (100 ms) is sampled, not the collector's
                // 500 ms
                assertThat(platformEndpoints.settingsOf(endpoint).orElseThrow().publishingIntervalMillis())
                        .isEqualTo(100);

                String newUrl = sim.endpointUrl().replace("localhost", "127.0.0.1");
                var patched = platform.send(
                        "acme-manager",
                        HttpMethod.PATCH,
                        "/api/v1/endpoints/" + endpoint,
                        new JsonObject()
                                .put("url", newUrl)
                                .put("publishingIntervalMillis", 250)
                                .put("queueSize", 50));
                assertThat(patched.status()).as(patched.body()).isEqualTo(200);
                assertThat(patched.json().getString("url")).isEqualTo(newUrl);
                assertThat(patched.json().getDouble("publishingIntervalMillis")).isEqualTo(250.0);
                assertThat(patched.json().getInteger("queueSize")).isEqualTo(50);
                Instant patchedAt = Instant.now();
                // the mappings stay
                assertThat(platform.get("acme-manager", "/api/v1/machines/" + machine + "/mapping")
                                .json()
                                .getJsonArray("entries"))
                        .hasSize(2);

                // the collector reconnects with the new settings and goes on collecting
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> platformEndpoints
                                .settingsOf(endpoint)
                                .map(s -> s.url().equals(newUrl)
                                        && s.publishingIntervalMillis() == 250
                                        && s.queueSize() == 50)
                                .orElse(false));
                assertThat(platformEndpoints.subscriberOf(endpoint).orElseThrow())
                        .isNotSameAs(first);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> rows(platform, machine, patchedAt.plusSeconds(1)) > 0);
                assertThat(platformEndpoints
                                .subscriberOf(endpoint)
                                .orElseThrow()
                                .stats()
                                .connected())
                        .isTrue();
            }

            // what may not be patched
            String path = "/api/v1/endpoints/" + endpoint;
            assertThat(platform.send("acme-manager", HttpMethod.PATCH, path, new JsonObject())
                            .status())
                    .isEqualTo(400);
            assertThat(platform.send("acme-manager", HttpMethod.PATCH, path, new JsonObject().put("queueSize", 0))
                            .status())
                    .isEqualTo(400);
            assertThat(platform.send(
                                    "acme-manager",
                                    HttpMethod.PATCH,
                                    path,
                                    new JsonObject().put("url", "http://127.0.0.1/x"))
                            .status())
                    .isEqualTo(400);
            assertThat(platform.send(
                                    "acme-manager",
                                    HttpMethod.PATCH,
                                    path,
                                    new JsonObject()
                                            .put(
                                                    "auth",
                                                    new JsonObject()
                                                            .put("type", "username")
                                                            .put("username", "op")
                                                            .put("password", "secret-1")))
                            .status())
                    .isEqualTo(400);
            assertThat(platform.send("bureau", HttpMethod.PATCH, path, new JsonObject().put("name", "x"))
                            .status())
                    .isEqualTo(403);
            assertThat(platform.send("rival-manager", HttpMethod.PATCH, path, new JsonObject().put("name", "x"))
                            .status())
                    .isEqualTo(404);
            // back to automatic
            var automatic = platform.send(
                    "acme-manager", HttpMethod.PATCH, path, new JsonObject().putNull("publishingIntervalMillis"));
            assertThat(automatic.json().getValue("publishingIntervalMillis")).isNull();
            assertThat(automatic.json().getInteger("queueSize")).isEqualTo(50);
            var audit = platform.get("admin", "/api/v1/audit?action=endpoint_updated")
                    .array();
            assertThat(audit).hasSize(2);
            assertThat(audit.encode()).doesNotContain("secret-1");
        }
    }

    static long rows(TestPlatform platform, String machine, Instant after) throws Exception {
        return new Jdbc(platform.db.dataSource())
                .one(
                        "SELECT count(*) FROM telemetry t JOIN signal s ON s.id = t.signal_id "
                                + "WHERE s.machine_id = ?::uuid AND t.status = 0 AND t.time > ?",
                        rs -> rs.getLong(1),
                        machine,
                        after)
                .orElseThrow();
    }
}
