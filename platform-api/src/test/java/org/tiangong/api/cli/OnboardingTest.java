package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.connect.DataDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.ProcessParameters;
import org.tiangong.collector.sim.SimulatorOptions;
import picocli.CommandLine;

/**
 * The README's "Pointing it at your own database and machines", on a fresh database and without one line of SQL:
 * the first administrator by {@code tiangong admin create-user} (password on standard input), log in, the
 * enterprise, its plant manager, plant, line and machine by the API, the simulator connected through an endpoint
 * and a mapping, collected by {@code tiangong collect} without a config, samples arriving, and an OEE figure with
 * the ideal cycle time set.
 */
class OnboardingTest {

    static final String ADMIN_PASSWORD = "first-admin-password-2027";
    static final String MANAGER_PASSWORD = "plant-manager-password-9";

    @TempDir
    Path dir;

    record Run(int exitCode, String out) {}

    /** Runs the {@code tiangong} command line in this JVM, with {@code stdin} as standard input. */
    static Run tiangong(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == AdminCommand.CreateUser.class) return cls.cast(new AdminCommand.CreateUser(in));
                if (cls == AdminCommand.ResetPassword.class) return cls.cast(new AdminCommand.ResetPassword(in));
                return CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out, true);
        int code = new CommandLine(new TiangongCommand(), factory)
                .setExecutionExceptionHandler(new FriendlyErrors())
                .setOut(pw)
                .setErr(pw)
                .execute(args);
        return new Run(code, out.toString());
    }

    @Test
    void aFreshDatabaseReachesAnOeeFigureWithoutSql() throws Exception {
        System.setProperty(DataDir.PROPERTY, dir.resolve("platform").toString());
        String url = TestDatabases.freshUrl();

        // 1. the first administrator; the password never on the command line, a weak one refused
        Run weak = tiangong("short\n", "admin", "create-user", "--db", url, "--username", "admin", "--role", "admin");
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.out()).contains("password");
        Run created = tiangong(
                ADMIN_PASSWORD + "\n", "admin", "create-user", "--db", url, "--username", "admin", "--role", "admin");
        assertThat(created.exitCode()).as(created.out()).isZero();
        assertThat(created.out()).contains("created admin admin");
        assertThat(tiangong(
                                ADMIN_PASSWORD + "\n",
                                "admin",
                                "create-user",
                                "--db",
                                url,
                                "--username",
                                "admin",
                                "--role",
                                "admin")
                        .out())
                .contains("taken");
        assertThat(tiangong("", "admin", "list-users", "--db", url).out())
                .containsPattern("admin\\s+admin\\s+-\\s+active");

        // a machine that runs at once and makes a part about every half second, so that a short test sees OEE move
        MachineDefinition d = MachineDefinition.withDefaults("CNC-01", "加工中心 1", MachineKind.CNC);
        ProcessParameters p = d.process();
        List<MachineDefinition> machines = List.of(new MachineDefinition(
                d.code(),
                d.name(),
                d.kind(),
                "VMC-850",
                new ProcessParameters(
                        0.5,
                        600,
                        1,
                        0.05,
                        p.cycleJitter(),
                        p.performance(),
                        p.ratedPowerKw(),
                        p.nominalProcessValue(),
                        600,
                        0.01,
                        600,
                        0.1,
                        0,
                        p.heatUpMinutes(),
                        p.coolDownMinutes())));
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(DbSettings.of(url));
                PlantSimulator sim = new PlantSimulator(
                                new PlantDefinition(
                                        new PlantDefinition.EnterpriseInfo("ANY", "模拟"),
                                        new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                                        new PlantDefinition.SimulationSettings(11, 100),
                                        List.of(new PlantDefinition.LineDefinition("L1", "一线", machines))),
                                SimulatorOptions.forTests(dir.resolve("sim")))
                        .start()) {
            ApiServer server = new ApiServer(vertx, db, ApiSettings.defaults(), Clock.systemUTC());
            server.start("127.0.0.1", 0)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            try (HttpTestClient http = new HttpTestClient(vertx, server.port())) {
                Api admin = Api.login(http, "admin", ADMIN_PASSWORD);

                // 2. the enterprise and its plant manager (an admin's), then the manager builds the plant
                String enterprise = admin.post(
                                "/enterprises",
                                new JsonObject().put("code", "JH-METAL").put("name", "金华五金 Jinhua Metal"))
                        .getString("id");
                admin.post(
                        "/users",
                        new JsonObject()
                                .put("username", "manager")
                                .put("displayName", "厂长 Plant manager")
                                .put("role", "plant_manager")
                                .put("enterpriseId", enterprise)
                                .put("password", MANAGER_PASSWORD));
                Api manager = Api.login(http, "manager", MANAGER_PASSWORD);
                String plant = manager.post(
                                "/enterprises/" + enterprise + "/plants",
                                new JsonObject()
                                        .put("code", "P1")
                                        .put("name", "一厂 Plant 1")
                                        .put("timeZone", "Asia/Shanghai"))
                        .getString("id");
                String line = manager.post(
                                "/plants/" + plant + "/lines",
                                new JsonObject().put("code", "L1").put("name", "机加线"))
                        .getString("id");
                String machine = manager.post(
                                "/lines/" + line + "/machines",
                                new JsonObject()
                                        .put("code", "CNC-01")
                                        .put("name", "加工中心 1")
                                        .put("kind", "cnc")
                                        .put("model", "VMC-850")
                                        .put("idealCycleTimeSeconds", 0.5))
                        .getString("id");

                // 3. the machine's OPC UA server as an endpoint, and which node feeds which signal; the manager first
                // lets
                //    the enterprise's endpoints point at this machine (h1-hardening's allow-list of targets)
                manager.send(
                        HttpMethod.PUT,
                        "/enterprises/" + enterprise + "/endpoint-targets",
                        new JsonObject()
                                .put("entries", new JsonArray().add("localhost").add("127.0.0.1")),
                        200);
                String endpoint = manager.post(
                                "/endpoints",
                                new JsonObject()
                                        .put("enterpriseId", enterprise)
                                        .put("name", "一线 OPC UA")
                                        .put("url", sim.endpointUrl()))
                        .getString("id");
                JsonArray entries = new JsonArray();
                for (String signal : List.of("state", "parts_good", "parts_scrap")) {
                    entries.add(new JsonObject()
                            .put("signal", signal)
                            .put("endpointId", endpoint)
                            .put("nodeId", "nsu=urn:tiangong:sim;s=L1/CNC-01/" + signal)
                            .put("samplingIntervalMillis", 100));
                }
                manager.send(
                        HttpMethod.PUT,
                        "/machines/" + machine + "/mapping",
                        new JsonObject().put("entries", entries),
                        200);

                // 4. `tiangong collect` without --config: the platform's endpoints
                CollectorConfig config = CollectCommand.config(null)
                        .withBuffer(CollectorConfig.Buffer.defaults().withPath(dir.resolve("buffer.db")))
                        .withMetrics(CollectorConfig.Metrics.anyPort());
                Instant start = Instant.now();
                try (Collector collector = Collector.start(
                        config,
                        db,
                        new DatabaseEndpoints.Options(
                                org.tiangong.api.cli.RuntimeEnvironment.platformFiles(),
                                Duration.ofMillis(300),
                                Duration.ofMinutes(5),
                                100,
                                100))) {
                    // 5. samples arrive, and OEE has all three factors with the ideal cycle time set
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> manager.get("/machines/" + machine).getString("lastSampleAt") != null);
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        JsonObject total = manager.get("/machines/" + machine + "/oee?from=" + start.minusSeconds(5)
                                        + "&granularity=hour")
                                .getJsonObject("total");
                        return total.getValue("performance") != null && total.getDouble("totalCount") > 0;
                    });
                    JsonObject total = manager.get(
                                    "/machines/" + machine + "/oee?from=" + start.minusSeconds(5) + "&granularity=hour")
                            .getJsonObject("total");
                    assertThat(total.getDouble("idealCycleSeconds")).isEqualTo(0.5);
                    assertThat(total.getDouble("performanceRaw"))
                            .isEqualTo(0.5 * total.getDouble("totalCount") / total.getDouble("runSeconds"));
                    assertThat(total.getDouble("oee")).isNotNull();
                    assertThat(collector.databaseSubscribers()).hasSize(1);
                }
                // the audit log holds who did what, the CLI's first admin included
                var actions = new Jdbc(db.dataSource())
                        .list("SELECT actor_name || ':' || action FROM audit_log ORDER BY id", rs -> rs.getString(1));
                assertThat(actions)
                        .anySatisfy(a -> assertThat(a).startsWith("cli:").endsWith(":user_created"))
                        .contains("admin:enterprise_created", "manager:plant_created", "manager:machine_created");
            } finally {
                server.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }

        // and a lost password is reset from the command line
        Run reset =
                tiangong("another-admin-password-5\n", "admin", "reset-password", "--db", url, "--username", "admin");
        assertThat(reset.exitCode()).as(reset.out()).isZero();
    }

    /** A logged-in caller of the JSON API. */
    record Api(HttpTestClient http, String token) {
        static Api login(HttpTestClient http, String user, String password) {
            var r = http.send(
                    HttpMethod.POST,
                    "/api/v1/auth/login",
                    null,
                    Buffer.buffer(new JsonObject()
                            .put("username", user)
                            .put("password", password)
                            .encode()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return new Api(http, r.json().getString("token"));
        }

        JsonObject get(String path) {
            var r = http.send(HttpMethod.GET, "/api/v1" + path, "Bearer " + token, null);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
            return r.json();
        }

        JsonObject post(String path, JsonObject body) {
            return send(HttpMethod.POST, path, body, 201);
        }

        JsonObject send(HttpMethod method, String path, JsonObject body, int expected) {
            var r = http.send(method, "/api/v1" + path, "Bearer " + token, Buffer.buffer(body.encode()));
            assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return r.json();
        }
    }
}
