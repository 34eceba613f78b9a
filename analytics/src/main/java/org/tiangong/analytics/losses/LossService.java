package org.tiangong.analytics.losses;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.oee.ShiftOee;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.MachineSumsSource;
import org.tiangong.analytics.telemetry.StateDurations;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateSource;

/**
 * Where a machine's time and energy went: its stops inside planned production time (by reason, micro-stops apart,
 * MTBF and MTTR, from raw state changes), its energy, and its time per state (from {@link MachineSumsSource}).
 * Planned production time is the machine's own calendar's (see {@link CalendarStore#machineCalendar}).
 */
public final class LossService {

    private final CalendarStore calendars;
    private final StateSource states;
    private final AlarmHistory alarms;
    private final ReasonStore reasons;
    private final StopClassifications classifications;
    private final MachineSumsSource sums;
    private final Clock clock;

    public LossService(
            CalendarStore calendars,
            StateSource states,
            AlarmHistory alarms,
            ReasonStore reasons,
            StopClassifications classifications,
            MachineSumsSource sums,
            Clock clock) {
        this.calendars = calendars;
        this.states = states;
        this.alarms = alarms;
        this.reasons = reasons;
        this.classifications = classifications;
        this.sums = sums;
        this.clock = clock;
    }

    /** Built from the database: the usual wiring, and what tests use. */
    public LossService(javax.sql.DataSource dataSource, Clock clock, MachineSumsSource sums) {
        this(
                new CalendarStore(dataSource),
                new StateSource(dataSource),
                new AlarmHistory(dataSource),
                new ReasonStore(dataSource),
                new StopClassifications(dataSource),
                sums,
                clock);
    }

    /** Stops inside planned production time by reason (Pareto order), micro-stops apart, MTBF and MTTR. */
    public DowntimeReport downtime(UUID machineId, Instant from, Instant to, Duration microStop) throws SQLException {
        Instant end = end(from, to);
        List<TimeRange> production = new ArrayList<>();
        calendars
                .machineCalendar(machineId)
                .calendar()
                .shifts(from, end)
                .forEach(s -> production.addAll(s.productionRanges()));
        List<StateInterval> intervals = states.load(machineId, from, end).intervals(from, end);
        Map<Integer, ReasonStore.Reason> names = new HashMap<>();
        for (ReasonStore.Reason r : reasons.all()) names.put(r.code(), r);
        List<StopEvent> stops = Downtime.stops(
                intervals,
                production,
                alarms.load(machineId, from, end),
                names,
                classifications.reasons(machineId, from, end),
                microStop);
        return Downtime.report(stops, ShiftOee.runSecondsWithin(intervals, production));
    }

    /**
     * Energy over the window from the meter's steps (through resets), split by state as {@link MachineSumsSource}
     * does; kWh per good part counts good parts over the whole window.
     */
    public EnergyReport energy(UUID machineId, Instant from, Instant to) throws SQLException {
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end(from, to))));
        return new EnergyReport(
                s.energyKwh(),
                s.energyRunningKwh(),
                s.energyIdleKwh(),
                s.good(),
                s.good() > 0 ? s.energyKwh() / s.good() : null);
    }

    /**
     * Seconds in each state over [from, min(to, now)) and utilization = running ÷ elapsed; from rollups where closed
     * (the same numbers as {@code TelemetryQueries.stateDurations} reads from raw data).
     */
    public StateDurations utilization(UUID machineId, Instant from, Instant to) throws SQLException {
        Instant end = end(from, to);
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end)));
        return new StateDurations(s.secondsByState(), new TimeRange(from, end).seconds());
    }

    /** The window a report covers: [from, min(to, now)). */
    private Instant end(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        return end.isAfter(from) ? end : from;
    }
}
