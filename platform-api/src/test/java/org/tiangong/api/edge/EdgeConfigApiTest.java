package org.tiangong.api.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.PlantMappings;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;
import org.tiangong.api.cli.RuntimeEnvironment;
import org.tiangong.collector.connect.PlatformConfig;
import org.tiangong.collector.connect.PlatformFiles;
import org.tiangong.collector.mqtt.EdgeSignals;

/**
 * {@code GET /api/v1/edge/config} and the edge keys: a key reads its own plant only (OWASP API1), 401/404 as JSON,
 * 304 for an unchanged document and a new tag when a mapping changes, and the endpoint password handed over in clear
 * only on a secure channel and kept sealed with the edge's own key at the edge.
 */
class EdgeConfigApiTest {

    static final String MACHINE_PASSWORD = "machine-password-edge-3";

    static TestPlatform platform;
    static UUID acmeEndpoint;
    static HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        for (TestPlatform.Tenant t : new TestPlatform.Tenant[] {platform.acme, platform.rival}) {
            String manager = t == platform.acme ? "acme-manager" : "rival-manager";
            ok(platform.send(
                    manager,
                    HttpMethod.PUT,
                    "/api/v1/enterprises/" + t.enterpriseId() + "/endpoint-targets",
                    new JsonObject().put("entries", new JsonArray().add("127.0.0.1"))));
            var endpoint = platform.send(
                    manager,
                    HttpMethod.POST,
                    "/api/v1/endpoints",
                    new JsonObject()
                            .put("enterpriseId", t.enterpriseId().toString())
                            .put("name", t.code() + " line OPC UA")
                            .put("url", "opc.tcp://127.0.0.1:4840/" + t.code())
                            .put("securityPolicy", "Basic256Sha256")
                            .put("securityMode", "SignAndEncrypt")
                            .put(
                                    "auth",
                                    new JsonObject()
                                            .put("type", "username")
                                            .put("username", "operator")
                                            .put("password", MACHINE_PASSWORD + t.code())));
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            UUID id = UUID.fromString(endpoint.json().getString("id"));
            if (t == platform.acme) acmeEndpoint = id;
            map(manager, t.cncId(), id, "state");
        }
    }

    static void map(String manager, UUID machine, UUID endpoint, String... signals) {
        JsonArray entries = new JsonArray();
        for (String s : signals)
            entries.add(new JsonObject()
                    .put("signal", s)
                    .put("endpointId", endpoint.toString())
                    .put("nodeId", "ns=2;s=" + machine + "/" + s)
                    .put("samplingIntervalMillis", 100));
        ok(platform.send(
                manager,
                HttpMethod.PUT,
                "/api/v1/machines/" + machine + "/mapping",
                new JsonObject().put("entries", entries)));
    }

    static void ok(org.tiangong.api.HttpTestClient.Response r) {
        if (r.status() != 200) throw new AssertionError(r.toString());
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    static String edgeKey(String manager, UUID plant) {
        var r = platform.send(
                manager,
                HttpMethod.POST,
                "/api/v1/plants/" + plant + "/edge-keys",
                new JsonObject().put("name", "edge of " + plant));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getString("key")).startsWith("tge_");
        return r.json().getString("key");
    }

    static HttpResponse<String> pull(String query, String authorization, String ifNoneMatch) throws Exception {
        var b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.server.port() + "/api/v1/edge/config" + query))
                .GET();
        if (authorization != null) b.header("Authorization", authorization);
        if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEdgeKeySeesItsOwnPlantOnly() throws Exception {
        String key = edgeKey("acme-manager", platform.acme.plantId());
        HttpResponse<String> r = pull("", "ApiKey " + key, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject doc = new JsonObject(r.body());
        assertThat(doc.getJsonObject("plant").getString("id"))
                .isEqualTo(platform.acme.plantId().toString());
        assertThat(doc.getJsonArray("endpoints")).hasSize(1);
        assertThat(doc.getJsonArray("mappings").getJsonObject(0).getString("machinePath"))
                .isEqualTo("ACME/P1/L1/CNC-01");
        assertThat(doc.getJsonArray("allowedTargets")).containsExactly("127.0.0.1");
        for (String f : platform.rival.fingerprints()) assertThat(r.body()).doesNotContain(f);
        assertThat(r.body()).doesNotContain(MACHINE_PASSWORD + "RIVAL");

        // another plant by id: it does not exist for this key
        HttpResponse<String> other = pull("?plant=" + platform.rival.plantId(), "ApiKey " + key, null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(other.body()).getString("error")).isNotBlank();
        assertThat(other.body()).doesNotContain(platform.rival.enterpriseId().toString());
        assertThat(pull("?plant=" + platform.acme.plantId(), "ApiKey " + key, null)
                        .statusCode())
                .isEqualTo(200);

        // keys for a plant are issued by whoever manages its enterprise only
        assertThat(platform.send(
                                "rival-manager",
                                HttpMethod.POST,
                                "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys",
                                new JsonObject().put("name", "stolen"))
                        .status())
                .isEqualTo(404);
        assertThat(platform.send(
                                "vendor",
                                HttpMethod.POST,
                                "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys",
                                new JsonObject().put("name", "vendor's"))
                        .status())
                .isEqualTo(403);
        assertThat(platform.send(
                                "bureau",
                                HttpMethod.POST,
                                "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys",
                                new JsonObject().put("name", "bureau's"))
                        .status())
                .isEqualTo(403);
        var listed = platform.get("rival-manager", "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys");
        assertThat(listed.status()).isEqualTo(404);
        var mine = platform.get("acme-manager", "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).doesNotContain(key.substring(15)); // the secret is shown once, at creation
        String keyId = mine.array().getJsonObject(0).getString("id");
        assertThat(platform.send("rival-manager", HttpMethod.DELETE, "/api/v1/edge-keys/" + keyId, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void wrongOrForeignCredentialsAre401AsJson() throws Exception {
        String key = edgeKey("acme-manager", platform.acme.plantId());
        for (String auth : new String[] {
            null,
            "ApiKey tge_0123456789_notthesecret",
            "ApiKey " + key.substring(0, key.length() - 2) + "xx",
            "Bearer " + platform.token("acme-manager"),
        }) {
            HttpResponse<String> r = pull("", auth, null);
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("unauthorized");
        }
        // a user's API key is not an edge key
        var apiKey = platform.send(
                "acme-manager", HttpMethod.POST, "/api/v1/api-keys", new JsonObject().put("name", "tool"));
        assertThat(pull("", "ApiKey " + apiKey.json().getString("key"), null).statusCode())
                .isEqualTo(401);
        // and an edge key opens nothing but its configuration
        var elsewhere = platform.http.send(HttpMethod.GET, "/api/v1/plants", "ApiKey " + key, null);
        assertThat(elsewhere.status()).isEqualTo(401);

        // an edge with a wrong key and nothing cached: a clear error to retry on, naming the 401, never the key
        Path buffer = dir.resolve("wrong-key-buffer.db");
        PulledSource wrong = new PulledSource(
                new EdgeConfigClient(
                        URI.create("http://127.0.0.1:" + platform.server.port() + "/api/v1/edge/config"),
                        "tge_0123456789_wrong",
                        Duration.ofSeconds(10)),
                buffer,
                PlatformFiles.at(dir.resolve("wrong-key-data"), Map.of()).secrets(),
                EdgeSignals.forBuffer(buffer));
        assertThatThrownBy(wrong::version)
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("tge_0123456789_wrong");
        assertThat(wrong.plant()).isEmpty();

        // revoked: refused from the next request on
        String keyId =
                platform
                        .get("acme-manager", "/api/v1/plants/" + platform.acme.plantId() + "/edge-keys")
                        .array()
                        .stream()
                        .map(JsonObject.class::cast)
                        .filter(k -> key.startsWith(k.getString("prefix") + "_"))
                        .findFirst()
                        .orElseThrow()
                        .getString("id");
        assertThat(pull("", "ApiKey " + key, null).statusCode()).isEqualTo(200);
        assertThat(platform.send("acme-manager", HttpMethod.DELETE, "/api/v1/edge-keys/" + keyId, null)
                        .status())
                .isEqualTo(200);
        assertThat(pull("", "ApiKey " + key, null).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnchangedDocumentIs304AndAChangedMappingANewTag() throws Exception {
        String key = edgeKey("acme-manager", platform.acme.plantId());
        HttpResponse<String> first = pull("", "ApiKey " + key, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = pull("", "ApiKey " + key, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);

        // another enterprise's change does not touch this plant's document
        map("rival-manager", platform.rival.pressId(), anyRivalEndpoint(), "state");
        assertThat(pull("", "ApiKey " + key, etag).statusCode()).isEqualTo(304);

        map("acme-manager", platform.acme.cncId(), acmeEndpoint, "state", "spindle_load");
        HttpResponse<String> changed = pull("", "ApiKey " + key, etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(new JsonObject(changed.body()).getJsonArray("mappings")).hasSize(2);
        map("acme-manager", platform.acme.cncId(), acmeEndpoint, "state");
        assertThat(pull("", "ApiKey " + key, etag).statusCode()).isEqualTo(304); // back to the first document
    }

    static UUID anyRivalEndpoint() throws Exception {
        return new ConnectStore(platform.db.dataSource())
                .endpoints(platform.rival.enterpriseId(), null)
                .get(0)
                .id();
    }

    @Test
    void thePasswordTravelsOnlyOnASecureChannelAndIsSealedAtTheEdge() throws Exception {
        ConnectStore connect = new ConnectStore(platform.db.dataSource());
        EdgeConfigDocument documents = new EdgeConfigDocument(
                new PlantMappings(platform.db.dataSource()),
                connect,
                new EndpointTargetStore(platform.db.dataSource()),
                RuntimeEnvironment.platformFiles().secrets());
        JsonObject open =
                documents.of(platform.acme.plantId(), true).orElseThrow().document();
        JsonObject withheld =
                documents.of(platform.acme.plantId(), false).orElseThrow().document();
        assertThat(open.getJsonArray("endpoints").getJsonObject(0).getString("password"))
                .isEqualTo(MACHINE_PASSWORD + "ACME");
        assertThat(withheld.encode()).doesNotContain(MACHINE_PASSWORD);
        assertThat(withheld.getJsonArray("endpoints").getJsonObject(0).getBoolean("passwordWithheld"))
                .isTrue();

        // the edge (loopback: delivered) keeps it sealed with its own key, in memory and in its cached copy
        Path buffer = dir.resolve("edge-buffer.db");
        PlatformFiles edgeFiles = PlatformFiles.at(dir.resolve("edge-data"), Map.of());
        PulledSource source = new PulledSource(
                new EdgeConfigClient(
                        URI.create("http://127.0.0.1:" + platform.server.port() + "/api/v1/edge/config"),
                        edgeKey("acme-manager", platform.acme.plantId()),
                        Duration.ofSeconds(10)),
                buffer,
                edgeFiles.secrets(),
                EdgeSignals.forBuffer(buffer));
        String version = source.version();
        PlatformConfig config = source.load();
        var endpoint = config.endpoint(acmeEndpoint).orElseThrow();
        assertThat(edgeFiles.secrets().open(endpoint.passwordSealed(), acmeEndpoint.toString()))
                .isEqualTo(MACHINE_PASSWORD + "ACME");
        Path cached = dir.resolve("edge-buffer.db.edge-config.json");
        assertThat(Files.readString(cached)).doesNotContain(MACHINE_PASSWORD).contains(version.replace("\"", ""));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cached)))
                .isEqualTo("rw-------");
        // an unchanged password keeps its sealing: the endpoint is not reconnected by a reload
        assertThat(source.version()).isEqualTo(version);
        assertThat(source.load().endpoint(acmeEndpoint).orElseThrow().passwordSealed())
                .isEqualTo(endpoint.passwordSealed());
        // the platform's own key cannot open the edge's sealing: it is the edge's alone
        SecretBox platformKey = RuntimeEnvironment.platformFiles().secrets();
        assertThatThrownBy(() -> platformKey.open(endpoint.passwordSealed(), acmeEndpoint.toString()))
                .isInstanceOf(RuntimeException.class);
        assertThat(config.nodes()).hasSize(1);
        assertThat(EdgeSignals.forBuffer(buffer).all())
                .extracting(EdgeSignals.Entry::path)
                .contains("ACME/P1/L1/CNC-01");
    }
}
