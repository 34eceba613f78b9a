package org.tiangong.analytics.accounts;

import org.tiangong.analytics.db.Jdbc;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The HMAC keys that sign bearer tokens; newest first. */
public final class SigningKeyStore {

    private final Jdbc jdbc;

    public SigningKeyStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public record SigningKey(String kid, byte[] secret, Instant createdAt) {}

    /** Keys not yet retired, newest first: the first signs, all verify. */
    public List<SigningKey> active() throws SQLException {
        return jdbc.list("SELECT kid, secret, created_at FROM token_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC, kid DESC",
                rs -> new SigningKey(rs.getString(1), rs.getBytes(2), Jdbc.instant(rs, "created_at")));
    }

    public void add(String kid, byte[] secret) throws SQLException {
        jdbc.update("INSERT INTO token_signing_key (kid, secret) VALUES (?, ?)", kid, secret);
    }

    /**
     * Retires keys that can no longer have signed a valid token: those older than the newest key created before
     * {@code cutoff} (= now − token lifetime). A key stops signing when a newer one is added, so every token it
     * signed was issued before that newer key existed, and has expired once that key is older than a lifetime.
     */
    public int retireSuperseded(Instant cutoff) throws SQLException {
        return jdbc.update("""
                UPDATE token_signing_key SET retired_at = now()
                WHERE retired_at IS NULL
                  AND created_at < (SELECT max(created_at) FROM token_signing_key WHERE created_at < ?)""",
                cutoff);
    }
}
