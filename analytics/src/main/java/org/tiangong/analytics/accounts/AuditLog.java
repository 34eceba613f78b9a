package org.tiangong.analytics.accounts;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * The append-only audit trail. The table refuses UPDATE, DELETE and TRUNCATE (a trigger), and the API only
 * ever appends and reads.
 */
public final class AuditLog {

    private final Jdbc jdbc;

    public AuditLog(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public record Entry(
            long id,
            Instant at,
            UUID actorId,
            String actorName,
            String action,
            String target,
            String detailJson,
            String remoteAddr) {}

    /** Appends one event. {@code detailJson} must be a JSON object and must never hold a secret. */
    public void append(
            UUID actorId, String actorName, String action, String target, String detailJson, String remoteAddr)
            throws SQLException {
        jdbc.update(
                "INSERT INTO audit_log (actor_id, actor_name, action, target, detail, remote_addr) VALUES (?, ?, ?, ?, ?::jsonb, ?)",
                actorId,
                actorName,
                action,
                target,
                detailJson == null ? "{}" : detailJson,
                remoteAddr);
    }

    /** Newest first, at most {@code limit}, optionally only one action. */
    public List<Entry> recent(int limit, String action) throws SQLException {
        String where = action == null ? "" : " WHERE action = ?";
        Object[] params = action == null ? new Object[] {limit} : new Object[] {action, limit};
        return jdbc.list(
                "SELECT id, at, actor_id, actor_name, action, target, detail::text, remote_addr FROM audit_log" + where
                        + " ORDER BY id DESC LIMIT ?",
                rs -> new Entry(
                        rs.getLong(1),
                        Jdbc.instant(rs, "at"),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)),
                params);
    }
}
