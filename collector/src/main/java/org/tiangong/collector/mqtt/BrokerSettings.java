package org.tiangong.collector.mqtt;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach the MQTT 5 broker: {@code mqtt://host:port} (plain TCP) or {@code mqtts://host:port} (TLS, the server
 * certificate checked against {@code caFile}, or the JVM's trust store when none is given), the client identifier (the
 * session's name at the broker: one per plant edge, one per ingest instance), optional user name and password, and
 * how long the broker keeps the session (its subscriptions and the QoS 1 messages not yet acknowledged) while the
 * client is away.
 *
 * @param password the password's bytes, resolved by the launcher from a file or the environment; null: none
 * @param caFile   PEM file of the CA certificate(s) that signed the broker's certificate; only with mqtts
 */
public record BrokerSettings(
        String host,
        int port,
        boolean tls,
        String clientId,
        String username,
        byte[] password,
        Path caFile,
        Duration sessionExpiry) {

    /** The default session expiry: a day, longer than any outage the buffer is sized for. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);

    public BrokerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1–65535, got " + port);
        if (clientId == null || clientId.isBlank()) throw new IllegalArgumentException("a client id is required");
        if (password != null && username == null)
            throw new IllegalArgumentException("a password needs a user name (--mqtt-username)");
        if (caFile != null && !tls) throw new IllegalArgumentException("a CA file needs an mqtts:// broker URL");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    }

    /**
     * Parses {@code mqtt://host:port} or {@code mqtts://host:port} (default ports 1883 and 8883).
     *
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public static BrokerSettings parse(String url, String clientId) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker URL " + url + " is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts") && !scheme.equals("tcp") && !scheme.equals("ssl"))
            throw new IllegalArgumentException(
                    "broker URL " + url + ": expected mqtt://host:port or mqtts://host:port");
        if (uri.getHost() == null) throw new IllegalArgumentException("broker URL " + url + " has no host");
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
            throw new IllegalArgumentException("broker URL " + url + " must not have a path");
        boolean tls = scheme.equals("mqtts") || scheme.equals("ssl");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
        return new BrokerSettings(uri.getHost(), port, tls, clientId, null, null, null, DEFAULT_SESSION_EXPIRY);
    }

    public BrokerSettings withCredentials(String username, byte[] password) {
        return new BrokerSettings(host, port, tls, clientId, username, password, caFile, sessionExpiry);
    }

    public BrokerSettings withCaFile(Path caFile) {
        return new BrokerSettings(host, port, tls, clientId, username, password, caFile, sessionExpiry);
    }

    public BrokerSettings withSessionExpiry(Duration expiry) {
        return new BrokerSettings(host, port, tls, clientId, username, password, caFile, expiry);
    }

    public BrokerSettings withClientId(String id) {
        return new BrokerSettings(host, port, tls, id, username, password, caFile, sessionExpiry);
    }

    public String url() {
        return (tls ? "mqtts://" : "mqtt://") + host + ":" + port;
    }

    @Override
    public String toString() {
        // never the password
        return url() + " as " + clientId + (username == null ? "" : " (user " + username + ")");
    }
}
