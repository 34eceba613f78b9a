package org.tiangong.api.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Small checks of the request line and bind address that come before routing. */
public final class HostCheck {

    private HostCheck() {}

    /**
     * HTTP/1.1 requires a Host header (RFC 9112 §3.2): a request without one is answered 400 here, before routing
     * (which would otherwise fail on the missing authority). Returns true when it answered.
     */
    public static boolean refuse(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1 || request.headers().contains("Host")) return false;
        request.response()
                .setStatusCode(400)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
                .end(new JsonObject()
                        .put("error", "bad_request")
                        .put("detail", "an HTTP/1.1 request needs a Host header")
                        .encode());
        return true;
    }

    /** Whether {@code host} (a bind address) is a loopback address; names are resolved. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
