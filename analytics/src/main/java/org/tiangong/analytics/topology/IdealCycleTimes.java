package org.tiangong.analytics.topology;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * The effective-dated ideal cycle time of machines: a change applies from its time on, so OEE of the past keeps the
 * value that was in force then. {@code machine.ideal_cycle_time_seconds} is kept at the value in force now.
 */
public final class IdealCycleTimes {

    private final Jdbc jdbc;

    public IdealCycleTimes(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Sets the ideal cycle time from {@code effectiveFrom} on ({@code null}: for all time) until the next change;
     * {@code seconds} null means unknown from then on. Replaces a change at exactly the same time.
     */
    public void set(UUID machineId, Instant effectiveFrom, Double seconds, String setBy) throws SQLException {
        jdbc.inTransaction(tx -> {
            if (effectiveFrom == null) {
                // "for all time": earlier steps no longer mean anything
                tx.update("DELETE FROM machine_ideal_cycle WHERE machine_id = ?", machineId);
            }
            tx.update("""
                    INSERT INTO machine_ideal_cycle (machine_id, effective_from, seconds, set_by)
                    VALUES (?, COALESCE(?::timestamptz, '-infinity'), ?, ?)
                    ON CONFLICT (machine_id, effective_from) DO UPDATE
                      SET seconds = EXCLUDED.seconds, set_by = EXCLUDED.set_by, set_at = now()""", machineId, effectiveFrom, seconds, setBy);
            tx.update("""
                    UPDATE machine SET ideal_cycle_time_seconds = (SELECT seconds FROM machine_ideal_cycle
                        WHERE machine_id = ? AND effective_from <= now() ORDER BY effective_from DESC LIMIT 1)
                    WHERE id = ?""", machineId, machineId);
        });
    }

    /** The machine's steps, oldest first. */
    public List<IdealCycleChange> history(UUID machineId) throws SQLException {
        return jdbc.list(
                "SELECT effective_from, seconds, set_by, set_at FROM machine_ideal_cycle WHERE machine_id = ? "
                        + "ORDER BY effective_from",
                IdealCycleTimes::change,
                machineId);
    }

    /** The steps of each machine (oldest first); a machine without any has an empty list. */
    public Map<UUID, List<IdealCycleChange>> histories(List<UUID> machineIds) throws SQLException {
        Map<UUID, List<IdealCycleChange>> out = new HashMap<>();
        for (UUID m : machineIds) out.put(m, new ArrayList<>());
        jdbc.list(
                "SELECT machine_id, effective_from, seconds, set_by, set_at FROM machine_ideal_cycle WHERE machine_id = ANY(?) "
                        + "ORDER BY machine_id, effective_from",
                rs -> {
                    out.get(rs.getObject(1, UUID.class))
                            .add(new IdealCycleChange(
                                    from(rs, 2), seconds(rs, 3), rs.getString(4), Jdbc.instant(rs, "set_at")));
                    return null;
                },
                (Object) machineIds.toArray(new UUID[0]));
        return out;
    }

    private static IdealCycleChange change(ResultSet rs) throws SQLException {
        return new IdealCycleChange(from(rs, 1), seconds(rs, 2), rs.getString(3), Jdbc.instant(rs, "set_at"));
    }

    private static Instant from(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        // '-infinity' arrives as OffsetDateTime.MIN
        return t == null || t.equals(OffsetDateTime.MIN) || t.getYear() < 1 ? null : t.toInstant();
    }

    private static Double seconds(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
