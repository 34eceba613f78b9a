package org.tiangong.analytics.accounts;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.analytics.db.Jdbc;

/**
 * The HMAC keys that sign bearer tokens; newest first. At rest each key is sealed with {@link SecretBox} (AES-256-GCM,
 * the key id bound in), like endpoint passwords: whoever reads the table (a backup, a local user of the demo's
 * database) cannot forge tokens without the secret key outside the database. Keys stored in clear by earlier versions
 * are sealed in place the first time they are read.
 */
public final class SigningKeyStore {

    private final Jdbc jdbc;
    private final SecretBox box;

    /** @param box seals the keys at rest; null keeps them in clear (tests of the store only) */
    public SigningKeyStore(DataSource dataSource, SecretBox box) {
        this.jdbc = new Jdbc(dataSource);
        this.box = box;
    }

    public SigningKeyStore(DataSource dataSource) {
        this(dataSource, null);
    }

    public record SigningKey(String kid, byte[] secret, Instant createdAt) {}

    private record Row(String kid, byte[] stored, boolean sealed, Instant createdAt) {}

    /** Keys not yet retired, newest first: the first signs, all verify. */
    public List<SigningKey> active() throws SQLException {
        List<Row> rows = jdbc.list(
                "SELECT kid, secret, secret_sealed, created_at FROM token_signing_key WHERE retired_at IS NULL "
                        + "ORDER BY created_at DESC, kid DESC",
                rs -> new Row(rs.getString(1), rs.getBytes(2), rs.getBoolean(3), Jdbc.instant(rs, "created_at")));
        List<SigningKey> out = new ArrayList<>();
        for (Row r : rows) {
            byte[] secret;
            if (r.sealed()) {
                if (box == null)
                    throw new IllegalStateException("signing key " + r.kid() + " is sealed; the secret key is needed");
                secret = Base64.getDecoder().decode(box.open(r.stored(), context(r.kid())));
            } else {
                secret = r.stored();
                if (box != null) seal(r.kid(), secret);
            }
            out.add(new SigningKey(r.kid(), secret, r.createdAt()));
        }
        return out;
    }

    public void add(String kid, byte[] secret) throws SQLException {
        if (box == null) {
            jdbc.update("INSERT INTO token_signing_key (kid, secret, secret_sealed) VALUES (?, ?, false)", kid, secret);
        } else {
            jdbc.update(
                    "INSERT INTO token_signing_key (kid, secret, secret_sealed) VALUES (?, ?, true)",
                    kid,
                    box.seal(Base64.getEncoder().encodeToString(secret), context(kid)));
        }
    }

    private void seal(String kid, byte[] secret) throws SQLException {
        jdbc.update(
                "UPDATE token_signing_key SET secret = ?, secret_sealed = true WHERE kid = ? AND NOT secret_sealed",
                box.seal(Base64.getEncoder().encodeToString(secret), context(kid)),
                kid);
    }

    private static String context(String kid) {
        return "token_signing_key:" + kid;
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
                  AND created_at < (SELECT max(created_at) FROM token_signing_key WHERE created_at < ?)""", cutoff);
    }
}
