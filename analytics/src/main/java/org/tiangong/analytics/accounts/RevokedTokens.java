package org.tiangong.analytics.accounts;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Bearer tokens revoked before they expire (logout). */
public final class RevokedTokens {

    private final Jdbc jdbc;

    public RevokedTokens(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public void revoke(String jti, Instant expiresAt) throws SQLException {
        jdbc.update("INSERT INTO revoked_token (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING", jti, expiresAt);
    }

    public boolean isRevoked(String jti) throws SQLException {
        return jdbc.one("SELECT 1 FROM revoked_token WHERE jti = ?", rs -> true, jti)
                .isPresent();
    }

    /** Forgets revocations of tokens that have expired anyway. */
    public int purgeExpired(Instant now) throws SQLException {
        return jdbc.update("DELETE FROM revoked_token WHERE expires_at < ?", now);
    }
}
