package org.tiangong.analytics.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's database: a HikariCP pool, the schema brought up to date by Flyway, and the engine's
 * {@link StorageDialect}. On open it tries {@code CREATE EXTENSION IF NOT EXISTS timescaledb}; where that is not
 * available the database runs as plain PostgreSQL and everything still works.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final StorageDialect dialect;
    /** Heavy reads ({@link #readDataSource()}): a pool of its own on a replica, or the primary pool. */
    private final HikariDataSource readPool;

    private Database(HikariDataSource dataSource, StorageDialect dialect, HikariDataSource readPool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.readPool = readPool;
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
            StorageDialect dialect = enableTimescaleAndDetect(ds);
            migrate(ds);
            dialect.setUp(ds, policy);
            log.info("database ready: {} at {}", dialect.description(), redact(settings.jdbcUrl()));
            return new Database(ds, dialect, null);
        } catch (RuntimeException | SQLException e) {
            ds.close();
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException(
                    "cannot prepare database at " + redact(settings.jdbcUrl()) + ": " + e.getMessage(), e);
        }
    }

    /** Runs the migrations only (the {@code migrate} command). */
    public static void migrateOnly(DbSettings settings) {
        open(settings).close();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * This database with heavy reads (OEE, series, the bureau's figures) going to a pool of their own on
     * {@code replica} ({@code --db-read-url}, e.g. a streaming replica): read-only connections named
     * {@code tiangong-read} in {@code pg_stat_activity}. Writes and everything else stay on the primary.
     */
    public Database withReadPool(DbSettings replica) {
        if (readPool != null) throw new IllegalStateException("a read pool is already set");
        HikariDataSource read = pool(replica, "tiangong-read", true);
        return new Database(dataSource, dialect, read);
    }

    /** Where heavy read-only queries go: the read pool when one was given ({@link #withReadPool}), else the primary. */
    public DataSource readDataSource() {
        return readPool != null ? readPool : dataSource;
    }

    /**
     * A connection of its own outside the pools, with the pool's URL and credentials, named {@code applicationName} in
     * {@code pg_stat_activity}: for sessions that must live apart from the pool (the maintenance leader's lock).
     */
    public Connection openDedicated(String applicationName) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (dataSource.getUsername() != null) props.setProperty("user", dataSource.getUsername());
        if (dataSource.getPassword() != null) props.setProperty("password", dataSource.getPassword());
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), props);
    }

    /** The engine seam, chosen when the database opened. */
    public StorageDialect dialect() {
        return dialect;
    }

    /** The same as {@link #dialect()}; callers that name the engine (/health, logs) read its description. */
    public StorageDialect engine() {
        return dialect;
    }

    /** The dialect's bucketing, for readers of telemetry. */
    public TimeBucketing bucketing() {
        return dialect;
    }

    @Override
    public void close() {
        if (readPool != null) readPool.close();
        dataSource.close();
    }

    private static HikariDataSource pool(DbSettings s) {
        return pool(s, "tiangong-db", false);
    }

    private static HikariDataSource pool(DbSettings s, String name, boolean readOnly) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(s.jdbcUrl());
        if (s.user() != null) cfg.setUsername(s.user());
        if (s.password() != null) cfg.setPassword(s.password());
        cfg.setMaximumPoolSize(s.poolSize());
        cfg.setMinimumIdle(1);
        cfg.setPoolName(name);
        cfg.addDataSourceProperty("ApplicationName", name);
        cfg.setReadOnly(readOnly);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        return new HikariDataSource(cfg);
    }

    /** Installs TimescaleDB where the server offers it, then names the dialect of what the database has. */
    private static StorageDialect enableTimescaleAndDetect(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            boolean available;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                available = rs.next();
            }
            if (available) {
                try {
                    st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
                } catch (SQLException e) {
                    // Available but not loadable or no privilege: plain PostgreSQL. When the library is not in
                    // shared_preload_libraries, TimescaleDB (2.28) answers with FATAL and the server closes this
                    // connection, so the dialect is read on another one.
                    log.warn(
                            "timescaledb is installed on the server but cannot be enabled ({}); using plain PostgreSQL",
                            firstLine(e.getMessage()));
                }
            }
        }
        try (Connection c = ds.getConnection()) {
            return StorageDialect.detect(c);
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration", "classpath:org/tiangong/analytics/db/migration")
                .load()
                .migrate();
    }

    /** Drops a password from a JDBC URL before it reaches a log. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
