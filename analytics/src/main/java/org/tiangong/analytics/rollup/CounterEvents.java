package org.tiangong.analytics.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Keyed;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterEvent;

/**
 * The counter readings that were not counted (re-bases, implausible jumps) of a machine. The rollup job stores those
 * of the minutes it rolls up ({@code counter_event}, V40), so they outlive raw retention; a reader gets the stored ones
 * together with those found in the raw data of the range now, which covers what the job has not reached yet.
 */
public final class CounterEvents {

    /** One event and the canonical signal it belongs to ({@code parts_good}, {@code parts_scrap}, {@code energy}). */
    public record Entry(String signal, CounterEvent event) {}

    private final Jdbc jdbc;
    private final HistoryLoader loader;

    public CounterEvents(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.loader = new HistoryLoader(dataSource);
    }

    /** The machine's events in [from, to), oldest first. */
    public List<Entry> between(UUID machineId, Instant from, Instant to) throws SQLException {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        jdbc.list(
                """
                SELECT s.name, e.previous_time, e.time, e.kind, e.from_value, e.to_value FROM counter_event e
                JOIN signal s ON s.id = e.signal_id WHERE s.machine_id = ? AND e.time >= ? AND e.time < ?""",
                rs -> {
                    CounterEvent e = new CounterEvent(
                            Jdbc.instant(rs, "previous_time"),
                            Jdbc.instant(rs, "time"),
                            Keyed.fromKey(CounterEvent.Kind.class, rs.getString(4))
                                    .orElseThrow(),
                            rs.getDouble(5),
                            rs.getDouble(6));
                    byKey.put(rs.getString(1) + e.time(), new Entry(rs.getString(1), e));
                    return null;
                },
                machineId,
                from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC));
        if (to.isAfter(from)) {
            for (MachineHistory.SignalEvent e :
                    loader.load(machineId, new TimeRange(from, to)).events()) {
                byKey.putIfAbsent(e.signal() + e.event().time(), new Entry(e.signal(), e.event()));
            }
        }
        List<Entry> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing((Entry e) -> e.event().time()).thenComparing(Entry::signal));
        return out;
    }

    /** Replaces the stored events of the machine in {@code span} with {@code events}, in the caller's transaction. */
    static void replace(Connection c, UUID machineId, TimeRange span, List<MachineHistory.SignalEvent> events)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM counter_event WHERE signal_id IN (SELECT id FROM signal WHERE machine_id = ?) "
                        + "AND time >= ? AND time < ?")) {
            ps.setObject(1, machineId);
            ps.setObject(2, span.start().atOffset(ZoneOffset.UTC));
            ps.setObject(3, span.end().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        if (events.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO counter_event (signal_id, previous_time, time, kind, from_value, to_value) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (MachineHistory.SignalEvent e : events) {
                ps.setInt(1, e.signalId());
                ps.setObject(2, e.event().previousTime().atOffset(ZoneOffset.UTC));
                ps.setObject(3, e.event().time().atOffset(ZoneOffset.UTC));
                ps.setString(4, e.event().kind().key());
                ps.setDouble(5, e.event().fromValue());
                ps.setDouble(6, e.event().toValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
