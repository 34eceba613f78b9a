package org.tiangong.analytics.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;

/**
 * Gives each test class a fresh, migrated database of its own on the server that {@code TIANGONG_TEST_DB_URL}
 * names (a JDBC URL of a PostgreSQL or TimescaleDB server the tests may create databases on), or, when the
 * variable is unset, on one embedded PostgreSQL 17 started once per JVM.
 */
public final class TestDatabases {

    public static final String ENV = "TIANGONG_TEST_DB_URL";

    private static EmbeddedPostgresServer embedded;
    private static final java.util.List<String> created = new java.util.ArrayList<>();
    private static boolean cleanupRegistered;

    private TestDatabases() {}

    /** A new empty database, migrated, with its own pool. Close it when done. */
    public static Database fresh() {
        return Database.open(DbSettings.of(freshUrl()));
    }

    /** A new empty database (not migrated); returns its JDBC URL. */
    public static synchronized String freshUrl() {
        String name = "tg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String serverUrl = System.getenv(ENV);
        if (serverUrl == null || serverUrl.isBlank()) {
            if (embedded == null) {
                embedded = EmbeddedPostgresServer.start(null, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-pg-stop"));
            }
            return embedded.ensureDatabase(name);
        }
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    ENV + "=" + serverUrl + ": cannot create a test database: " + e.getMessage(), e);
        }
        created.add(name);
        if (!cleanupRegistered) {
            // the server is someone else's: leave it as we found it when this JVM ends
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(serverUrl), "test-db-cleanup"));
            cleanupRegistered = true;
        }
        return withDatabase(serverUrl, name);
    }

    private static synchronized void dropAll(String serverUrl) {
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement st = c.createStatement()) {
            for (String name : created) st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test databases on " + serverUrl + ": " + e.getMessage());
        }
    }

    /** Replaces the database name in a JDBC URL, keeping host, port and parameters. */
    static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String params = q < 0 ? "" : url.substring(q);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) return base + "/" + database + params;
        return base.substring(0, slash + 1) + database + params;
    }
}
