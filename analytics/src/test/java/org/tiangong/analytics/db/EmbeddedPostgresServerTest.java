package org.tiangong.analytics.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's embedded PostgreSQL asks for a password, keeps it owner-only, and listens on loopback only (issue 11). */
class EmbeddedPostgresServerTest {

    @Test
    void embeddedPostgresRequiresTheGeneratedPasswordAndListensOnLoopbackOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        String password;
        int port;
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, 0)) {
            port = pg.port();
            Path file = EmbeddedPostgresServer.passwordPath(data);
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            password = Files.readString(file).trim();
            assertThat(password).isEqualTo(pg.password()).hasSizeGreaterThanOrEqualTo(32);

            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            assertThatThrownBy(() ->
                            DriverManager.getConnection(url + "?user=postgres").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres&password=wrong")
                            .close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"));
                    Statement st = c.createStatement()) {
                assertThat(one(st, "SHOW listen_addresses")).isEqualTo("localhost");
                assertThat(one(st, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'"))
                        .isEqualTo("0");
                assertThat(one(
                                st,
                                "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"))
                        .isEqualTo("t");
            }
        }
        // a restart on the same data keeps the password and password authentication
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, 0)) {
            assertThat(again.password()).isEqualTo(password);
            try (Connection c = DriverManager.getConnection(again.jdbcUrl("postgres"));
                    Statement st = c.createStatement()) {
                assertThat(one(st, "SELECT 1")).isEqualTo("1");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + again.port() + "/postgres?user=postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
