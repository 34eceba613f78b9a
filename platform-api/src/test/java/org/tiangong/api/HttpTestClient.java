package org.tiangong.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** A blocking wrapper around Vert.x's WebClient for tests: one call, one response. */
public final class HttpTestClient implements AutoCloseable {

    private final WebClient client;
    private final int port;

    public HttpTestClient(Vertx vertx, int port) {
        this.client = WebClient.create(vertx);
        this.port = port;
    }

    public Response get(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    public Response send(HttpMethod method, String path, Buffer body) {
        return send(method, path, null, body);
    }

    /** Sends with an {@code Authorization} header value (or none when null). */
    public Response send(HttpMethod method, String path, String authorization, Buffer body) {
        var request = client.request(method, port, "localhost", path);
        if (authorization != null) request.putHeader("Authorization", authorization);
        if (body != null) request.putHeader("content-type", "application/json");
        Future<HttpResponse<Buffer>> f = body == null ? request.send() : request.sendBuffer(body);
        try {
            HttpResponse<Buffer> r = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return new Response(
                    r.statusCode(),
                    r.getHeader("content-type"),
                    r.bodyAsString() == null ? "" : r.bodyAsString(),
                    r.getHeader("Retry-After"));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    public record Response(int status, String contentType, String body, String retryAfter) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray array() {
            return new JsonArray(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
