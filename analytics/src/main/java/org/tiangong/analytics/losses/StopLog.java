package org.tiangong.analytics.losses;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateSource;

/**
 * A machine's individual stops (every interval neither running nor no data), newest first, with the reason an alarm
 * or an operator gave each: what an operator picks from to classify a stop on the board or the machine page.
 */
public final class StopLog {

    /** How far back a stop's true beginning is looked for, when it began before the window asked for. */
    static final Duration LOOK_BACK = Duration.ofDays(1);

    /**
     * @param classifiable no alarm code names it, so an operator may give the reason
     * @param classification the operator's reason, or null
     */
    public record Stop(
            Instant start,
            Instant end,
            boolean ongoing,
            String state,
            int alarmCode,
            String reason,
            boolean classifiable,
            StopClassifications.Classification classification) {}

    private final StateSource states;
    private final AlarmHistory alarmHistory;
    private final ReasonStore reasons;
    private final StopClassifications classifications;
    private final Clock clock;

    public StopLog(DataSource dataSource, Clock clock) {
        this.states = new StateSource(dataSource);
        this.alarmHistory = new AlarmHistory(dataSource);
        this.reasons = new ReasonStore(dataSource);
        this.classifications = new StopClassifications(dataSource);
        this.clock = clock;
    }

    /** Stops overlapping [from, min(to, now)), newest first, at most {@code limit}. */
    public List<Stop> stops(UUID machineId, Instant from, Instant to, int limit) throws SQLException {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        if (!end.isAfter(from)) return List.of();
        Instant loadFrom = from.minus(LOOK_BACK);
        List<StateInterval> intervals = states.load(machineId, loadFrom, end).intervals(loadFrom, end);
        NavigableMap<Instant, Integer> alarms = alarmHistory.load(machineId, loadFrom, end);
        Map<Integer, ReasonStore.Reason> names = new HashMap<>();
        for (ReasonStore.Reason r : reasons.all()) names.put(r.code(), r);
        Map<Instant, StopClassifications.Classification> given = classifications.forMachine(machineId, loadFrom, end);
        List<Stop> out = new ArrayList<>();
        for (int k = intervals.size() - 1; k >= 0 && out.size() < limit; k--) {
            StateInterval i = intervals.get(k);
            if (i.state().equals(MachineState.RUNNING.key())
                    || i.state().equals(MachineState.NO_DATA.key())
                    || !i.end().isAfter(from)) continue;
            // the first interval is cut at loadFrom: its true start is unknown, so it is not offered for classification
            if (i.start().equals(loadFrom)) continue;
            boolean classifiable = Downtime.classifiable(i, alarms);
            StopClassifications.Classification c = classifiable ? given.get(i.start()) : null;
            out.add(new Stop(
                    i.start(),
                    i.end(),
                    !i.end().isBefore(end),
                    i.state(),
                    Downtime.alarmOf(i, alarms),
                    c != null ? c.reason().name() : Downtime.reason(i, alarms, names),
                    classifiable,
                    c));
        }
        return out;
    }

    /** The stop that began exactly at {@code start}, if there is one. */
    public Optional<Stop> stopAt(UUID machineId, Instant start) throws SQLException {
        return stops(machineId, start, start.plus(LOOK_BACK), Integer.MAX_VALUE).stream()
                .filter(s -> s.start().equals(start))
                .findFirst();
    }
}
