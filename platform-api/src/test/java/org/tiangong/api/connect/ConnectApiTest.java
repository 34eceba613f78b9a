package org.tiangong.api.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.connect.DataDir;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.sim.CompanionNodes;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * A vendor's engineer connects a machine through the API, against the simulator running Basic256Sha256 /
 * SignAndEncrypt with a user name: create the endpoint, test it (server certificate not trusted, trusted by the
 * plant manager, wrong password, connected), browse, automap the companion-spec machine, save the mapping, save it
 * as a template and apply it to the second machine of the model. Roles: only what each may see and do.
 */
class ConnectApiTest {

    static final String PASSWORD = "machine-password-7";

    @TempDir
    static Path simDir;

    static TestPlatform platform;
    static PlantSimulator sim;
    static UUID mt1, mt2;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        MachineDefinition a = MachineDefinition.withDefaults("MT-01", "五轴 1", MachineKind.CNC);
        MachineDefinition b = MachineDefinition.withDefaults("MT-02", "五轴 2", MachineKind.CNC);
        sim = new PlantSimulator(
                        new PlantDefinition(
                                new PlantDefinition.EnterpriseInfo("SIM", "模拟"),
                                new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                                new PlantDefinition.SimulationSettings(3, 200),
                                List.of(new PlantDefinition.LineDefinition("L1", "一线", List.of(a, b)))),
                        SimulatorOptions.forTests(simDir)
                                .withSecurityPolicies(SecurityPolicy.Basic256Sha256)
                                .withUser("operator", PASSWORD)
                                .withCompanionMachines("L1/MT-01", "L1/MT-02"))
                .start();
        TopologyRegistry registry = new TopologyRegistry(platform.db.dataSource());
        Jdbc jdbc = new Jdbc(platform.db.dataSource());
        VendorStore vendors = new VendorStore(platform.db.dataSource());
        UUID admin = jdbc.one("SELECT id FROM app_user WHERE username = 'admin'", rs -> rs.getObject(1, UUID.class))
                .orElseThrow();
        for (String code : List.of("MT-01", "MT-02")) {
            registry.registerSignals(MachinePath.parse("ACME/P1/L1/" + code), MachineKind.CNC, Map.of());
            jdbc.update("UPDATE machine SET model = 'TG-5X' WHERE code = ?", code);
            UUID id = jdbc.one("SELECT id FROM machine WHERE code = ?", rs -> rs.getObject(1, UUID.class), code)
                    .orElseThrow();
            vendors.grant(platform.vendorOrgId, id, admin);
            if (code.equals("MT-01")) mt1 = id;
            else mt2 = id;
        }
        // h1-hardening: ACME's manager lets its endpoints point at this machine only (the allow-list of targets)
        var targets = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/endpoint-targets",
                new JsonObject().put("entries", new JsonArray().add("localhost").add("127.0.0.1")));
        if (targets.status() != 200) throw new AssertionError(targets.toString());
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
        if (platform != null) platform.close();
    }

    static JsonObject endpointBody(String name, String password) {
        return new JsonObject()
                .put("enterpriseId", platform.acme.enterpriseId().toString())
                .put("name", name)
                .put("url", sim.endpointUrl())
                .put("securityPolicy", "Basic256Sha256")
                .put("securityMode", "SignAndEncrypt")
                .put(
                        "auth",
                        new JsonObject()
                                .put("type", "username")
                                .put("username", "operator")
                                .put("password", password));
    }

    @Test
    void aVendorConnectsAMachineEndToEnd() throws Exception {
        // the machine's server trusts the platform's certificate (its administrator imports what this returns)
        var cert = platform.get("vendor", "/api/v1/pki/certificate");
        assertThat(cert.status()).isEqualTo(200);
        assertThat(cert.json().getString("pem")).startsWith("-----BEGIN CERTIFICATE-----");
        try (ClientPki pki = ClientPki.open(DataDir.resolve())) {
            assertThat(ClientPki.thumbprint(pki.certificate()))
                    .isEqualTo(cert.json().getString("thumbprint"));
            sim.trustClientCertificate(pki.certificate());
        }

        var created = platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints", endpointBody("MT line", PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD);
        assertThat(created.json().getJsonObject("auth").getBoolean("passwordSet"))
                .isTrue();
        String endpoint = created.json().getString("id");
        String stored = new Jdbc(platform.db.dataSource())
                .one(
                        "SELECT encode(password_enc, 'escape') FROM opcua_endpoint WHERE id = ?::uuid",
                        rs -> rs.getString(1),
                        endpoint)
                .orElseThrow();
        assertThat(stored).doesNotContain(PASSWORD);

        // 1. the server's certificate is not trusted yet: the thumbprint, and the plant manager trusts it
        var test = platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints/" + endpoint + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().getString("outcome")).isEqualTo("server_certificate_untrusted");
        String thumbprint = test.json().getString("thumbprint");
        assertThat(thumbprint).isEqualTo(ClientPki.thumbprint(sim.serverCertificate()));
        assertThat(test.json().getString("message")).contains(thumbprint);
        // h2-onboarding: a vendor may not trust certificates, so it is told whom to ask; the plant manager gets the
        // route
        assertThat(test.json().getString("message"))
                .contains("ask your plant manager")
                .doesNotContain("/trust");
        assertThat(platform.send("acme-manager", HttpMethod.POST, "/api/v1/endpoints/" + endpoint + "/test", null)
                        .json()
                        .getString("message"))
                .contains("/api/v1/pki/rejected/" + thumbprint + "/trust");
        assertThat(platform.get("vendor", "/api/v1/pki/rejected").status()).isEqualTo(403);
        var rejected = platform.get("acme-manager", "/api/v1/pki/rejected");
        assertThat(rejected.array().stream()
                        .map(o -> ((JsonObject) o).getString("thumbprint"))
                        .toList())
                .contains(thumbprint);
        assertThat(platform.send("bureau", HttpMethod.POST, "/api/v1/pki/rejected/" + thumbprint + "/trust", null)
                        .status())
                .isEqualTo(403);
        var trusted =
                platform.send("acme-manager", HttpMethod.POST, "/api/v1/pki/rejected/" + thumbprint + "/trust", null);
        assertThat(trusted.status()).isEqualTo(200);
        assertThat(platform.send("acme-manager", HttpMethod.POST, "/api/v1/pki/rejected/" + thumbprint + "/trust", null)
                        .status())
                .isEqualTo(404);

        // 2. a wrong password is said so; the right one connects
        var wrong = platform.send(
                "vendor", HttpMethod.POST, "/api/v1/endpoints", endpointBody("MT line (typo)", "not-the-password"));
        var wrongTest = platform.send(
                "vendor", HttpMethod.POST, "/api/v1/endpoints/" + wrong.json().getString("id") + "/test", null);
        assertThat(wrongTest.json().getString("outcome")).isEqualTo("wrong_credentials");
        assertThat(wrongTest.body()).doesNotContain("not-the-password");
        test = platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints/" + endpoint + "/test", null);
        assertThat(test.json().getString("outcome")).as(test.body()).isEqualTo("connected");
        assertThat(test.json().getBoolean("ok")).isTrue();

        // 3. browse: lazily, one level with node class, names, type, access and value
        String root1 = CompanionNodes.rootNodeId("MT-01");
        var top = platform.get("vendor", "/api/v1/endpoints/" + endpoint + "/browse");
        assertThat(top.status()).as(top.body()).isEqualTo(200);
        assertThat(names(top.array())).contains("Machines");
        var vendorFolder = platform.get(
                "vendor",
                "/api/v1/endpoints/" + endpoint + "/browse?node="
                        + java.net.URLEncoder.encode(root1 + "/Vendor", java.nio.charset.StandardCharsets.UTF_8));
        JsonObject power = vendorFolder.array().stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("browseName").equals("ActivePower"))
                .findFirst()
                .orElseThrow();
        assertThat(power.getString("nodeClass")).isEqualTo("Variable");
        assertThat(power.getString("dataType")).isEqualTo("Double");
        assertThat(power.getJsonArray("accessLevel").getList()).contains("CurrentRead");
        assertThat(power.getValue("value")).isInstanceOf(Number.class);

        // 4. automap on the companion-spec machine, saved as the machine's mapping
        var auto = platform.send(
                "vendor",
                HttpMethod.POST,
                "/api/v1/endpoints/" + endpoint + "/automap",
                new JsonObject().put("node", root1));
        assertThat(auto.status()).as(auto.body()).isEqualTo(200);
        assertThat(auto.json().getJsonArray("companionSpecs").getList())
                .containsExactly("OPC 40001-1 Machinery", "OPC 40501-1 Machine Tools");
        assertThat(auto.json().getJsonObject("identification").getString("model"))
                .isEqualTo("TG-CNC");
        JsonArray entries = new JsonArray();
        for (Object o : auto.json().getJsonArray("proposals")) {
            JsonObject pr = (JsonObject) o;
            assertThat(pr.getString("reason")).isNotBlank();
            entries.add(new JsonObject()
                    .put("signal", pr.getString("signal"))
                    .put("endpointId", endpoint)
                    .put("nodeId", pr.getString("nodeId"))
                    .put("valueMap", pr.getJsonObject("valueMap"))
                    .put("samplingIntervalMillis", 500));
        }
        JsonObject state = auto.json().getJsonArray("proposals").getJsonObject(0);
        assertThat(state.getString("signal")).isEqualTo("state");
        assertThat(state.getString("rule")).isEqualTo("OPC 40001-1");
        assertThat(state.getJsonObject("valueMap").getMap())
                .containsEntry("3", 2.0)
                .containsEntry("2", 1.0);
        var saved = platform.send(
                "vendor",
                HttpMethod.PUT,
                "/api/v1/machines/" + mt1 + "/mapping",
                new JsonObject().put("entries", entries));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().getJsonArray("entries")).hasSize(entries.size());

        // 5. a template from MT-01, applied to MT-02 in one call
        var template = platform.send(
                "vendor",
                HttpMethod.POST,
                "/api/v1/templates",
                new JsonObject()
                        .put("machineId", mt1.toString())
                        .put("endpointId", endpoint)
                        .put("rootNode", root1)
                        .put("name", "TG-5X standard"));
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        assertThat(template.json().getString("model")).isEqualTo("TG-5X");
        assertThat(template.body()).doesNotContain("Machines/MT-01");
        var applied = platform.send(
                "vendor",
                HttpMethod.POST,
                "/api/v1/templates/" + template.json().getString("id") + "/apply",
                new JsonObject()
                        .put("machineId", mt2.toString())
                        .put("endpointId", endpoint)
                        .put("rootNode", CompanionNodes.rootNodeId("MT-02")));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        List<String> nodes = applied.json().getJsonArray("entries").stream()
                .map(o -> ((JsonObject) o).getString("nodeId"))
                .toList();
        assertThat(nodes).hasSize(entries.size()).allMatch(n -> n.contains("Machines/MT-02/"));
        assertThat(platform.get("vendor", "/api/v1/machines/" + mt2 + "/mapping")
                        .json()
                        .getJsonArray("entries"))
                .hasSize(entries.size());

        // roles: the bureau sees but may not act; a foreign manager and the rival do not see the endpoint
        assertThat(platform.get("bureau", "/api/v1/endpoints/" + endpoint).status())
                .isEqualTo(200);
        assertThat(platform.send("bureau", HttpMethod.POST, "/api/v1/endpoints/" + endpoint + "/test", null)
                        .status())
                .isEqualTo(403);
        assertThat(platform.get("rival-manager", "/api/v1/endpoints/" + endpoint)
                        .status())
                .isEqualTo(404);
        assertThat(platform.get("rival-manager", "/api/v1/endpoints").array()).isEmpty();
        assertThat(platform.get("acme-manager", "/api/v1/endpoints/" + endpoint).status())
                .isEqualTo(200);
        // the vendor may not map the ungranted press, even to its own endpoint
        var press = platform.send(
                "vendor",
                HttpMethod.PUT,
                "/api/v1/machines/" + platform.acme.pressId() + "/mapping",
                new JsonObject().put("entries", new JsonArray()));
        assertThat(press.status()).isEqualTo(404);
    }

    @Test
    void passwordsNeedASecuredEndpoint() {
        JsonObject body =
                endpointBody("insecure", "pw").put("securityPolicy", "None").put("securityMode", "None");
        var r = platform.send("acme-manager", HttpMethod.POST, "/api/v1/endpoints", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().getString("detail")).contains("clear text");
    }

    // --- h1-hardening (issue 11) ---

    @Test
    void targetsOffTheAllowListAreRefusedBeforeAnyConnectionWithOneMessage() throws Exception {
        int port = java.net.URI.create(sim.endpointUrl()).getPort();
        // creating one is refused
        JsonObject off = endpointBody("off the list", PASSWORD).put("url", "opc.tcp://127.0.0.2:" + port + "/tiangong");
        var created = platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints", off);
        assertThat(created.status()).isEqualTo(403);
        assertThat(created.json().getString("error")).isEqualTo("target_not_allowed");
        // moving an allowed endpoint off the list is refused too (the collector would connect to the new address)
        var allowed =
                platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints", endpointBody("on the list", PASSWORD));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        var moved = platform.send(
                "vendor",
                HttpMethod.PATCH,
                "/api/v1/endpoints/" + allowed.json().getString("id"),
                new JsonObject().put("url", "opc.tcp://127.0.0.2:" + port + "/tiangong"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(403);
        assertThat(moved.json().getString("error")).isEqualTo("target_not_allowed");
        // endpoints stored before the list changed: test, browse and automap refuse them, the same way whether
        // something listens there (the simulator's port) or not (port 1) — nothing to learn about the network
        var store = new org.tiangong.analytics.connect.ConnectStore(platform.db.dataSource());
        List<String> answers = new java.util.ArrayList<>();
        for (int p : new int[] {port, 1}) {
            UUID id = store.createEndpoint(
                            new org.tiangong.analytics.connect.OpcEndpoint(
                                    org.tiangong.analytics.connect.ConnectStore.newEndpointId(),
                                    platform.acme.enterpriseId(),
                                    platform.vendorOrgId,
                                    "stale " + p,
                                    "opc.tcp://127.0.0.2:" + p + "/tiangong",
                                    "None",
                                    "None",
                                    "anonymous",
                                    null,
                                    null,
                                    false,
                                    null,
                                    null),
                            null)
                    .id();
            for (var r : List.of(
                    platform.send("vendor", HttpMethod.POST, "/api/v1/endpoints/" + id + "/test", null),
                    platform.get("vendor", "/api/v1/endpoints/" + id + "/browse"),
                    platform.send(
                            "vendor",
                            HttpMethod.POST,
                            "/api/v1/endpoints/" + id + "/automap",
                            new JsonObject().put("node", "i=85")))) {
                assertThat(r.status()).as(r.toString()).isEqualTo(403);
                answers.add(r.json().getString("error") + ": " + r.json().getString("detail"));
            }
        }
        assertThat(answers)
                .allMatch(a -> a.startsWith(
                        "target_not_allowed: the endpoint's host 127.0.0.2 is not on this enterprise's allow-list"));
        assertThat(new java.util.HashSet<>(answers)).hasSize(1);
        // entries are validated: a host name or a CIDR block, not everything
        var bad = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/endpoint-targets",
                new JsonObject().put("entries", new JsonArray().add("0.0.0.0/0")));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void anUnknownNamespaceIndexIsA400NotAServerError() throws Exception {
        try (ClientPki pki = ClientPki.open(DataDir.resolve())) {
            sim.trustClientCertificate(pki.certificate());
        }
        String endpoint = platform.send(
                        "acme-manager", HttpMethod.POST, "/api/v1/endpoints", endpointBody("ns probe", PASSWORD))
                .json()
                .getString("id");
        var test = platform.send("acme-manager", HttpMethod.POST, "/api/v1/endpoints/" + endpoint + "/test", null);
        if ("server_certificate_untrusted".equals(test.json().getString("outcome"))) {
            platform.send(
                    "acme-manager",
                    HttpMethod.POST,
                    "/api/v1/pki/rejected/" + test.json().getString("thumbprint") + "/trust",
                    null);
        }
        var automap = platform.send(
                "acme-manager",
                HttpMethod.POST,
                "/api/v1/endpoints/" + endpoint + "/automap",
                new JsonObject().put("node", "ns=99;i=1"));
        assertThat(automap.status()).as(automap.toString()).isEqualTo(400);
        assertThat(automap.json().getString("detail")).contains("namespace");
        var browse = platform.get("acme-manager", "/api/v1/endpoints/" + endpoint + "/browse?node=ns%3D99%3Bi%3D1");
        assertThat(browse.status()).as(browse.toString()).isEqualTo(400);
    }

    @Test
    void allowUntrustedOnlyForAnAdminOfAServerStartedWithTheDevelopmentFlag() throws Exception {
        try (TestPlatform dev =
                new TestPlatform(ApiSettings.defaults().withDevAllowUntrusted(true), Clock.systemUTC())) {
            new org.tiangong.analytics.connect.EndpointTargetStore(dev.db.dataSource())
                    .replace(dev.acme.enterpriseId(), List.of("127.0.0.1"), null);
            JsonObject body = new JsonObject()
                    .put("enterpriseId", dev.acme.enterpriseId().toString())
                    .put("name", "dev box")
                    .put("url", "opc.tcp://127.0.0.1:1/x")
                    .put("securityPolicy", "Basic256Sha256")
                    .put("securityMode", "SignAndEncrypt")
                    .put("allowUntrusted", true);
            for (String user : List.of("vendor", "acme-manager")) {
                var r = dev.send(user, HttpMethod.POST, "/api/v1/endpoints", body);
                assertThat(r.status()).as(user).isEqualTo(403);
                assertThat(r.json().getString("detail")).contains("only an admin");
            }
            var admin = dev.send("admin", HttpMethod.POST, "/api/v1/endpoints", body);
            assertThat(admin.status()).as(admin.toString()).isEqualTo(201);
            assertThat(admin.json().getBoolean("allowUntrusted")).isTrue();
            assertThat(dev.get("admin", "/api/v1/audit?action=endpoint_untrusted_allowed")
                            .array())
                    .hasSize(1);
        }
        // without the flag (this class's platform) not even an admin
        var r = platform.send(
                "admin",
                HttpMethod.POST,
                "/api/v1/endpoints",
                endpointBody("no flag", PASSWORD).put("allowUntrusted", true));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().getString("detail")).contains("--dev-allow-untrusted-endpoints");
    }

    static List<String> names(JsonArray nodes) {
        return nodes.stream().map(o -> ((JsonObject) o).getString("browseName")).toList();
    }
}
