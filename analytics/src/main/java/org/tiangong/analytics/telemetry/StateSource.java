package org.tiangong.analytics.telemetry;

import org.tiangong.analytics.db.Jdbc;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a machine's states come from: its {@code state} signal, or — for a machine without one — the rule of its
 * kind ({@code state_rule}: running while a signal is above a threshold, idle otherwise; a sample that is not Good
 * stays no data). Every reader of states (utilization, OEE, downtime, Andon) goes through here.
 */
public final class StateSource {

    /** What a window's states are built from. {@code derivedFrom} names the rule's signal, or null for a state node. */
    public record States(StateSample before, List<StateSample> window, Instant dataUntil, String derivedFrom) {

        public List<StateInterval> intervals(Instant from, Instant to) {
            return StateIntervals.build(from, to, before, window, dataUntil);
        }
    }

    private record Rule(int signalId, String signal, double runningAbove) {}

    private final Jdbc jdbc;

    public StateSource(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public States load(UUID machineId, Instant from, Instant to) throws SQLException {
        Instant dataUntil = jdbc.one("SELECT max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id WHERE s.machine_id = ?",
                rs -> Jdbc.instant(rs, "t"), machineId).orElse(null);
        Optional<Integer> state = jdbc.one("SELECT id FROM signal WHERE machine_id = ? AND name = 'state'", rs -> rs.getInt(1), machineId);
        if (state.isPresent()) {
            return new States(before(state.get(), from, null), window(state.get(), from, to, null), dataUntil, null);
        }
        Optional<Rule> rule = jdbc.one("""
                SELECT s.id, r.signal, r.running_above FROM machine m JOIN state_rule r ON r.kind = m.kind
                JOIN signal s ON s.machine_id = m.id AND s.name = r.signal WHERE m.id = ?""",
                rs -> new Rule(rs.getInt(1), rs.getString(2), rs.getDouble(3)), machineId);
        if (rule.isEmpty()) return new States(null, List.of(), null, null);
        return new States(before(rule.get().signalId(), from, rule.get()), window(rule.get().signalId(), from, to, rule.get()),
                dataUntil, rule.get().signal());
    }

    private StateSample before(int signalId, Instant from, Rule rule) throws SQLException {
        return jdbc.one("SELECT time, value, status FROM telemetry WHERE signal_id = ? AND time < ? ORDER BY time DESC LIMIT 1",
                rs -> sample(Jdbc.instant(rs, "time"), rs.getDouble(2), rs.getInt(3), rule), signalId, from).orElse(null);
    }

    private List<StateSample> window(int signalId, Instant from, Instant to, Rule rule) throws SQLException {
        return jdbc.list("SELECT time, value, status FROM telemetry WHERE signal_id = ? AND time >= ? AND time < ? ORDER BY time",
                rs -> sample(Jdbc.instant(rs, "time"), rs.getDouble(2), rs.getInt(3), rule), signalId, from, to);
    }

    private static StateSample sample(Instant time, double value, int status, Rule rule) {
        if (rule == null) return new StateSample(time, value, status);
        return new StateSample(time, value > rule.runningAbove() ? 2 : 1, status);
    }
}
