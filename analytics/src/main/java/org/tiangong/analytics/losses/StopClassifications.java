package org.tiangong.analytics.losses;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** The reasons operators gave to stops that no alarm names, keyed by the moment each stop began. */
public final class StopClassifications {

    /** A classified stop: the reason chosen, by whom and when. */
    public record Classification(
            Instant stopStart,
            ReasonStore.Reason reason,
            UUID classifiedBy,
            String classifiedByName,
            Instant classifiedAt) {}

    private final Jdbc jdbc;

    public StopClassifications(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores (or replaces) the reason of the stop that began at {@code stopStart}. */
    public void put(UUID machineId, Instant stopStart, int reasonCode, UUID userId) throws SQLException {
        jdbc.update("""
                INSERT INTO stop_classification (machine_id, stop_start, reason_code, classified_by, classified_at) VALUES (?, ?, ?, ?, now())
                ON CONFLICT (machine_id, stop_start) DO UPDATE SET reason_code = EXCLUDED.reason_code,
                    classified_by = EXCLUDED.classified_by, classified_at = EXCLUDED.classified_at""", machineId, stopStart, reasonCode, userId);
    }

    /** The classifications of stops that began in [from, to). */
    public Map<Instant, Classification> forMachine(UUID machineId, Instant from, Instant to) throws SQLException {
        Map<Instant, Classification> out = new HashMap<>();
        jdbc.list(
                """
                SELECT c.stop_start, r.code, r.name, r.planned, c.classified_by, u.username, c.classified_at
                FROM stop_classification c JOIN downtime_reason r ON r.code = c.reason_code LEFT JOIN app_user u ON u.id = c.classified_by
                WHERE c.machine_id = ? AND c.stop_start >= ? AND c.stop_start < ?""",
                rs -> {
                    Instant start = Jdbc.instant(rs, "stop_start");
                    return out.put(
                            start,
                            new Classification(
                                    start,
                                    new ReasonStore.Reason(rs.getInt(2), rs.getString(3), rs.getBoolean(4)),
                                    rs.getObject(5, UUID.class),
                                    rs.getString(6),
                                    Jdbc.instant(rs, "classified_at")));
                },
                machineId,
                from,
                to);
        return out;
    }

    /** Only the reasons, for the Pareto. */
    public Map<Instant, ReasonStore.Reason> reasons(UUID machineId, Instant from, Instant to) throws SQLException {
        Map<Instant, ReasonStore.Reason> out = new HashMap<>();
        forMachine(machineId, from, to).forEach((k, v) -> out.put(k, v.reason()));
        return out;
    }
}
