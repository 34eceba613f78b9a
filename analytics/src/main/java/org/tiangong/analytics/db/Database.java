package org.tiangong.analytics.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The platform's database: a HikariCP pool, the schema brought up to date by Flyway, and the detected engine.
 * On open it tries {@code CREATE EXTENSION IF NOT EXISTS timescaledb}; where that is not available the database
 * runs as plain PostgreSQL and everything still works.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final StorageEngine engine;

    private Database(HikariDataSource dataSource, StorageEngine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /**
     * Connects, enables TimescaleDB when it can, and migrates the schema; compression and retention policies are left
     * as they are (collectors open the database this way, so they never undo what the API was started with).
     */
    public static Database open(DbSettings settings) {
        return open(settings, null);
    }

    /**
     * Connects, enables TimescaleDB when it can, migrates the schema, and on TimescaleDB sets the compression and
     * retention policies to {@code policy} (null: leave them as they are).
     */
    public static Database open(DbSettings settings, StoragePolicy policy) {
        HikariDataSource ds = pool(settings);
        try {
            boolean timescale = tryEnableTimescale(ds);
            migrate(ds);
            if (timescale) TimescaleSetup.apply(ds, policy);
            StorageEngine engine = detect(ds, timescale);
            log.info("database ready: {} at {}", engine.description(), redact(settings.jdbcUrl()));
            return new Database(ds, engine);
        } catch (RuntimeException | SQLException e) {
            ds.close();
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException("cannot prepare database at " + redact(settings.jdbcUrl()) + ": " + e.getMessage(), e);
        }
    }

    /** Runs the migrations only (the {@code migrate} command). */
    public static void migrateOnly(DbSettings settings) {
        open(settings).close();
    }

    public DataSource dataSource() { return dataSource; }

    public StorageEngine engine() { return engine; }

    public TimeBucketing bucketing() { return new TimeBucketing(engine); }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariDataSource pool(DbSettings s) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(s.jdbcUrl());
        if (s.user() != null) cfg.setUsername(s.user());
        if (s.password() != null) cfg.setPassword(s.password());
        cfg.setMaximumPoolSize(s.poolSize());
        cfg.setMinimumIdle(1);
        cfg.setPoolName("tiangong-db");
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        return new HikariDataSource(cfg);
    }

    private static boolean tryEnableTimescale(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                if (!rs.next()) return false;
            }
            try {
                st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                return true;
            } catch (SQLException e) {
                // Available but not loadable (not in shared_preload_libraries) or no privilege: plain PostgreSQL.
                log.warn("timescaledb is installed on the server but cannot be enabled ({}); using plain PostgreSQL", e.getMessage());
                return false;
            }
        }
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration", "classpath:org/tiangong/analytics/db/migration")
                .load()
                .migrate();
    }

    private static StorageEngine detect(DataSource ds, boolean timescaleEnabled) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            if (timescaleEnabled) {
                try (ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")) {
                    if (rs.next()) return new StorageEngine(true, rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                String v = rs.getString(1);
                int space = v.indexOf(' ');
                return new StorageEngine(false, space > 0 ? v.substring(0, space) : v);
            }
        }
    }

    /** Drops a password from a JDBC URL before it reaches a log. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
