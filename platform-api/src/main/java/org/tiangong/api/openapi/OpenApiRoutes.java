package org.tiangong.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.tiangong.api.http.SecurityHeaders;

/**
 * The OpenAPI 3.1 document of {@code /api/v1} at {@code /api/v1/openapi.json} and Swagger UI at {@code /api/docs}.
 * The document is kept by hand in {@code openapi/openapi.yaml} (reviewable next to the routes) and converted to JSON
 * once at start; {@code OpenApiDocumentTest} fails when it and the router disagree. Neither needs a login: the
 * document describes the API, it holds no data.
 */
public final class OpenApiRoutes {

    static final String DOCUMENT = "openapi/openapi.yaml";
    private static final String SWAGGER_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final Vertx vertx;
    private final Buffer json;

    public OpenApiRoutes(Vertx vertx) {
        this.vertx = vertx;
        this.json = Buffer.buffer(toJson(read(DOCUMENT)));
    }

    /** Mounts on the root router, before {@code /api/v1/*} is handed to the authenticated sub-router. */
    public void mount(Router root) {
        root.get("/api/v1/openapi.json").handler(this::document);
        // Vert.x matches "/api/docs" with and without the trailing slash; the page uses absolute URLs
        root.get("/api/docs").handler(ctx -> page(ctx, "openapi/docs/index.html", "text/html; charset=utf-8"));
        root.get("/api/docs/docs.js")
                .handler(ctx -> page(ctx, "openapi/docs/docs.js", "text/javascript; charset=utf-8"));
        root.get("/api/docs/docs.css").handler(ctx -> page(ctx, "openapi/docs/docs.css", "text/css; charset=utf-8"));
        // swagger-ui-bundle.js, swagger-ui.css … straight from the WebJar (the version is the one on the class path)
        root.get("/api/docs/ui/*").handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        root.get("/api/docs/ui/*")
                .handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + swaggerVersion())
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(3600)
                        .setDirectoryListing(false));
    }

    private void document(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .end(json);
    }

    private void page(RoutingContext ctx, String resource, String type) {
        vertx.executeBlocking(() -> read(resource))
                .onSuccess(bytes -> ctx.response()
                        .putHeader("content-type", type)
                        .putHeader("cache-control", "no-cache")
                        .putHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .end(Buffer.buffer(bytes)))
                .onFailure(ctx::fail);
    }

    /** The document as a JSON tree (the test reads it too). */
    public static JsonNode tree() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(read(DOCUMENT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + DOCUMENT + ": " + e.getMessage(), e);
        }
    }

    private static byte[] toJson(byte[] yaml) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            return new ObjectMapper().writeValueAsBytes(node);
        } catch (IOException e) {
            // a broken document is a broken build: fail at start naming the file and where
            throw new IllegalStateException(
                    "the OpenAPI document " + DOCUMENT + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String swaggerVersion() {
        Properties p = new Properties();
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(SWAGGER_POM)) {
            if (in == null)
                throw new IllegalStateException("the Swagger UI WebJar is not on the class path (" + SWAGGER_POM + ")");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
