package org.tiangong.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/**
 * The OpenAPI document and the real router of a running server agree: every (method, path) under {@code /api/v1}
 * is documented and every documented operation exists. A failure lists exactly the operations that differ.
 */
class OpenApiDocumentTest {

    private static final String PREFIX = "/api/v1";
    private static final Set<String> OPERATION_KEYS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void routerAndDocumentHaveTheSameOperations() {
        Set<String> routed = routed(platform.server.routes());
        Set<String> documented = documented(OpenApiRoutes.tree());
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        Set<String> notRouted = new TreeSet<>(documented);
        notRouted.removeAll(routed);
        assertThat(routed).as("routes found under " + PREFIX).hasSizeGreaterThan(50);
        assertThat(undocumented)
                .as("routes missing from openapi.yaml (add them)")
                .isEmpty();
        assertThat(notRouted)
                .as("operations in openapi.yaml that the router does not have (remove or fix them)")
                .isEmpty();
    }

    @Test
    void everyOperationSaysWhoMayCallItAndHowItFails() {
        List<String> incomplete = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        forEachOperation(OpenApiRoutes.tree(), (key, op) -> {
            if (op.path("summary").asText().isBlank()) incomplete.add(key + ": no summary");
            if (!op.path("x-roles").isArray() || op.path("x-roles").isEmpty()) incomplete.add(key + ": no x-roles");
            if (!ids.add(op.path("operationId").asText())) incomplete.add(key + ": operationId missing or taken");
            if (!op.path("responses").fieldNames().hasNext()) incomplete.add(key + ": no responses");
        });
        assertThat(incomplete).isEmpty();
    }

    @Test
    void documentIsServedAsOpenApi31WithoutLogin() {
        var r = platform.http.get(PREFIX + "/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("openapi")).startsWith("3.1");
        assertThat(r.json()
                        .getJsonObject("components")
                        .getJsonObject("securitySchemes")
                        .fieldNames())
                .contains("bearer", "apiKey", "session");
        assertThat(r.json()
                        .getJsonObject("components")
                        .getJsonObject("schemas")
                        .getJsonObject("Error")
                        .getJsonArray("required")
                        .getList())
                .containsExactly("error", "detail");
    }

    @Test
    void swaggerUiIsServedFromTheWebJarWithAnExternalInitializer() {
        var page = platform.http.get("/api/docs");
        assertThat(page.status()).isEqualTo(200);
        String html = page.body().toString();
        assertThat(html)
                .contains("/api/docs/ui/swagger-ui-bundle.js", "/api/docs/docs.js")
                .doesNotContain("<script>");
        assertThat(platform.http.get("/api/docs/ui/swagger-ui-bundle.js").status())
                .isEqualTo(200);
        assertThat(platform.http.get("/api/docs/docs.js").body().toString()).contains("/api/v1/openapi.json");
    }

    /** "GET /machines/{id}" for every route with a method under /api/v1, sub-routers included. */
    static Set<String> routed(Router router) {
        Set<String> out = new TreeSet<>();
        walk(router, "", out);
        return out;
    }

    private static void walk(Router router, String prefix, Set<String> out) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (route.getSubRouter() != null) {
                String mount = path == null ? "" : path.replaceAll("/?\\*?$", "");
                walk(route.getSubRouter(), prefix + mount, out);
                continue;
            }
            if (path == null || route.methods() == null || route.methods().isEmpty()) continue;
            String full = prefix + path;
            if (!full.startsWith(PREFIX + "/")) continue;
            String templated = full.substring(PREFIX.length()).replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            for (HttpMethod m : route.methods()) out.add(m.name() + " " + templated);
        }
    }

    static Set<String> documented(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        forEachOperation(doc, (key, op) -> out.add(key));
        return out;
    }

    private static void forEachOperation(JsonNode doc, java.util.function.BiConsumer<String, JsonNode> visit) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (OPERATION_KEYS.contains(op.getKey()))
                    visit.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }
    }
}
