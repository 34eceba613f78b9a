package org.tiangong.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes connections that hold the server without using it: a new connection must complete the headers of its first
 * request within {@code headerTimeout} (a client sending half a request, or nothing), and a kept-alive connection with
 * no request in flight is closed after {@code idleTimeout}. A request being answered — a long query — is never cut
 * off: the idle clock only runs between requests. Header size is capped by the decoder.
 */
public final class HeaderTimeouts {

    private final Vertx vertx;
    private final long headerMillis;
    private final long idleMillis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    public HeaderTimeouts(Vertx vertx, Duration headerTimeout, Duration idleTimeout) {
        this.vertx = vertx;
        this.headerMillis = Math.max(1, headerTimeout.toMillis());
        this.idleMillis = Math.max(1, idleTimeout.toMillis());
    }

    /** For {@link io.vertx.core.http.HttpServer#connectionHandler}. */
    public void connected(HttpConnection connection) {
        arm(connection, headerMillis);
        connection.closeHandler(v -> cancel(connection));
    }

    /** Called when a request's headers have arrived: no clock while it is answered, the idle clock after. */
    public void headersComplete(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        cancel(connection);
        if (connection != null) request.response().endHandler(v -> arm(connection, idleMillis));
    }

    private void arm(HttpConnection connection, long millis) {
        long timer = vertx.setTimer(millis, id -> {
            if (timers.remove(connection, id)) connection.close();
        });
        Long previous = timers.put(connection, timer);
        if (previous != null) vertx.cancelTimer(previous);
    }

    private void cancel(HttpConnection connection) {
        if (connection == null) return;
        Long timer = timers.remove(connection);
        if (timer != null) vertx.cancelTimer(timer);
    }
}
