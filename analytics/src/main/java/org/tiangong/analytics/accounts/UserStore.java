package org.tiangong.analytics.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Users and their password hashes. Hashing is the caller's: this store never sees a password. */
public final class UserStore {

    private static final String COLUMNS =
            "SELECT id, username, display_name, role, enterprise_id, vendor_id, disabled, created_at, credentials_changed_at FROM app_user";

    private final Jdbc jdbc;

    public UserStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public UserAccount create(
            String username, String displayName, Role role, UUID enterpriseId, UUID vendorId, String passwordHash)
            throws SQLException {
        return jdbc.one(
                        "INSERT INTO app_user (username, display_name, role, enterprise_id, vendor_id, password_hash) "
                                + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id, username, display_name, role, enterprise_id, vendor_id, disabled, created_at, credentials_changed_at",
                        UserStore::account,
                        username,
                        displayName,
                        role.key(),
                        enterpriseId,
                        vendorId,
                        passwordHash)
                .orElseThrow();
    }

    public Optional<UserAccount> byId(UUID id) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE id = ?", UserStore::account, id);
    }

    public Optional<UserAccount> byUsername(String username) throws SQLException {
        return jdbc.one(COLUMNS + " WHERE username = ?", UserStore::account, username);
    }

    public Optional<String> passwordHash(UUID userId) throws SQLException {
        return jdbc.one("SELECT password_hash FROM app_user WHERE id = ?", rs -> rs.getString(1), userId);
    }

    public List<UserAccount> all() throws SQLException {
        return jdbc.list(COLUMNS + " ORDER BY username", UserStore::account);
    }

    /** Replaces what an admin may change; returns the updated user, or empty when there is none. */
    public Optional<UserAccount> update(
            UUID id, String displayName, Role role, UUID enterpriseId, UUID vendorId, boolean disabled)
            throws SQLException {
        // disabling moves the credentials version on: tokens and API keys issued before never work again, even
        // after the account is enabled again
        return jdbc.one(
                "UPDATE app_user SET display_name = ?, role = ?, enterprise_id = ?, vendor_id = ?, disabled = ?, "
                        + "credentials_changed_at = CASE WHEN ? AND NOT disabled THEN clock_timestamp() ELSE credentials_changed_at END "
                        + "WHERE id = ? RETURNING id, username, display_name, role, enterprise_id, vendor_id, disabled, created_at, credentials_changed_at",
                UserStore::account,
                displayName,
                role.key(),
                enterpriseId,
                vendorId,
                disabled,
                disabled,
                id);
    }

    public boolean setPasswordHash(UUID id, String passwordHash) throws SQLException {
        return jdbc.update(
                        "UPDATE app_user SET password_hash = ?, credentials_changed_at = clock_timestamp() WHERE id = ?",
                        passwordHash,
                        id)
                == 1;
    }

    /** Moves the credentials version on without changing the password ("log out everywhere"): every token and key dies. */
    public boolean bumpCredentials(UUID id) throws SQLException {
        return jdbc.update("UPDATE app_user SET credentials_changed_at = clock_timestamp() WHERE id = ?", id) == 1;
    }

    private static UserAccount account(ResultSet rs) throws SQLException {
        return new UserAccount(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("display_name"),
                Role.fromKey(rs.getString("role")).orElseThrow(),
                rs.getObject("enterprise_id", UUID.class),
                rs.getObject("vendor_id", UUID.class),
                rs.getBoolean("disabled"),
                Jdbc.instant(rs, "created_at"),
                changedAt(rs));
    }

    private static java.time.Instant changedAt(ResultSet rs) throws SQLException {
        // '-infinity' (never changed) does not fit an Instant
        java.time.OffsetDateTime t = rs.getObject("credentials_changed_at", java.time.OffsetDateTime.class);
        return t == null || t.equals(java.time.OffsetDateTime.MIN) || t.getYear() < 1970 ? null : t.toInstant();
    }
}
