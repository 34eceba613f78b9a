package org.tiangong.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A new connection must complete the headers of its first request within {@code timeout}, or it is closed: a client
 * that sends half a request (or nothing) cannot hold a connection open. Silence after that is the idle timeout's
 * business ({@link io.vertx.core.http.HttpServerOptions#setIdleTimeout}), and the header size is capped by the decoder.
 */
public final class HeaderTimeouts {

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    public HeaderTimeouts(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** For {@link io.vertx.core.http.HttpServer#connectionHandler}. */
    public void connected(HttpConnection connection) {
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (timers.remove(connection) != null) connection.close();
        });
        timers.put(connection, timer);
        connection.closeHandler(v -> cancel(connection));
    }

    /** Called when a request's headers have arrived. */
    public void headersComplete(HttpServerRequest request) {
        cancel(request.connection());
    }

    private void cancel(HttpConnection connection) {
        if (connection == null) return;
        Long timer = timers.remove(connection);
        if (timer != null) vertx.cancelTimer(timer);
    }
}
