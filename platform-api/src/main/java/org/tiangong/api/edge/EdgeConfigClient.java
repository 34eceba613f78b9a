package org.tiangong.api.edge;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The edge's side of {@code GET /api/v1/edge/config}: one conditional GET with the plant's edge key. The key (and the
 * endpoint passwords in the answer) must not travel in clear, so the URL is {@code https://…}, or {@code http://} to
 * a loopback address only. TLS is validated against the JVM's trust store ({@code -Djavax.net.ssl.trustStore=…} for a
 * private CA); host names are verified.
 */
public final class EdgeConfigClient {

    /** What one poll got. */
    public sealed interface Answer {
        /** 304: what the edge has is current. */
        record NotModified() implements Answer {}

        /** 200: a new document and its tag. */
        record Fetched(String etag, JsonObject document) implements Answer {}

        /** Any other answer: refused (401, 404, …) or broken (5xx, not JSON). */
        record Refused(int status, String reason) implements Answer {}
    }

    private final URI uri;
    private final String key;
    private final Duration timeout;
    private final HttpClient http;

    public EdgeConfigClient(URI uri, String key, Duration timeout) {
        this.uri = checkUrl(uri);
        if (key == null || key.isBlank()) throw new IllegalArgumentException("the edge key is empty");
        this.key = key.trim();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not carry the key elsewhere
                .build();
    }

    public URI uri() {
        return uri;
    }

    /**
     * @param etag the tag of the document the edge has, null for none
     * @throws IOException when the platform cannot be reached (or the connection broke)
     */
    public Answer fetch(String etag) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "ApiKey " + key)
                .header("Accept", "application/json")
                .GET();
        if (etag != null) request.header("If-None-Match", etag);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 304) return new Answer.NotModified();
        if (r.statusCode() != 200) return new Answer.Refused(r.statusCode(), reason(r.body()));
        String tag = r.headers().firstValue("ETag").orElse(null);
        try {
            JsonObject doc = new JsonObject(r.body());
            if (tag == null || doc.getJsonArray("endpoints") == null || doc.getJsonArray("mappings") == null)
                return new Answer.Refused(
                        200, "the answer is not an edge configuration (no ETag, endpoints or mappings)");
            return new Answer.Fetched(tag, doc);
        } catch (DecodeException | ClassCastException e) {
            return new Answer.Refused(200, "the answer is not JSON: " + e.getMessage());
        }
    }

    /** The platform's {@code error: detail}, or the start of whatever it sent. */
    private static String reason(String body) {
        try {
            JsonObject o = new JsonObject(body);
            return o.getString("error") + ": " + o.getString("detail");
        } catch (RuntimeException e) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }

    /** {@code uri} when it may carry the key: https, or http to a loopback address; otherwise a clear refusal. */
    public static URI checkUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")))
            throw new IllegalArgumentException("--config-from must be an https:// URL, e.g. "
                    + "https://platform.example/api/v1/edge/config; got " + uri);
        if (scheme.equals("http") && !loopback(uri.getHost()))
            throw new IllegalArgumentException("--config-from " + uri + ": plain http only to a loopback address; the "
                    + "edge key and the endpoint passwords must not travel in clear (use https://)");
        return uri;
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        // literal addresses only: a name is not looked up to decide whether the key may travel in clear
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
