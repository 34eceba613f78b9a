package org.tiangong.api;

import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;

/**
 * {@code /health} answers from the last probe, never waiting for the database: a thread of its own checks the
 * database every {@link #INTERVAL} over a connection of its own (outside the pool, which busy queries may hold), and
 * the handler only reads the result. The answer is 503 when the last probe failed or is older than {@link #STALE}.
 */
final class HealthProbe implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration STALE = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

    private record Result(boolean up, Instant at, String problem) {}

    private final Database database;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile Result last;
    private Connection connection;
    /** Fields the launcher adds to the answer (the maintenance leader); read by the handler, so they must not wait. */
    private final java.util.Map<String, java.util.function.Supplier<Object>> fields =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    HealthProbe(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.last = new Result(false, clock.instant(), "not checked yet");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiangong-health");
            t.setDaemon(true);
            return t;
        });
    }

    HealthProbe start() {
        probe(); // the first answer is a real one
        thread.scheduleWithFixedDelay(this::probe, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void probe() {
        try {
            if (connection == null || connection.isClosed()) connection = open(database.dataSource());
            if (!connection.isValid(5)) throw new SQLException("the connection is not valid");
            last = new Result(true, clock.instant(), null);
        } catch (SQLException e) {
            if (last.up()) log.warn("health check: the database does not answer: {}", e.getMessage());
            last = new Result(false, clock.instant(), e.getMessage());
            closeQuietly();
        }
    }

    /** A connection of its own, with the pool's settings; another DataSource lends one of its connections. */
    private static Connection open(DataSource ds) throws SQLException {
        if (ds instanceof HikariDataSource h) {
            Connection c = DriverManager.getConnection(h.getJdbcUrl(), h.getUsername(), h.getPassword());
            c.setReadOnly(true);
            return c;
        }
        return ds.getConnection();
    }

    void field(String name, java.util.function.Supplier<Object> value) {
        fields.put(name, value);
    }

    /** The answer of {@code /health}: status code and body. */
    JsonObject answer() {
        Result r = last;
        Instant now = clock.instant();
        boolean up = r.up() && Duration.between(r.at(), now).compareTo(STALE) < 0;
        JsonObject body = new JsonObject()
                .put("status", up ? "UP" : "DOWN")
                .put("storage", database.engine().description())
                .put("time", now.toString())
                .put("checkedAt", r.at().toString());
        fields.forEach((name, value) -> body.put(name, value.get()));
        if (!up) body.put("error", "storage_down").put("detail", "the database does not answer");
        return body;
    }

    private void closeQuietly() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // it is being replaced anyway
        }
        connection = null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }
}
