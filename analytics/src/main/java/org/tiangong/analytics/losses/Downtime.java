package org.tiangong.analytics.losses;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * Pure: stops from state intervals inside planned production time. A stop is any interval that is neither running
 * nor no data; a fault takes the name of the alarm code active when it began, other states their own reason.
 * Stops shorter than {@code microStop} are micro-stops, counted apart from the reasons.
 */
public final class Downtime {

    private static final String NO_DATA_KEY = MachineState.NO_DATA.key();
    private static final String RUNNING_KEY = MachineState.RUNNING.key();
    private static final String FAULT_KEY = MachineState.FAULT.key();

    private Downtime() {}

    public static List<StopEvent> stops(
            List<StateInterval> intervals,
            List<TimeRange> production,
            NavigableMap<Instant, Integer> alarms,
            Map<Integer, ReasonStore.Reason> reasonNames,
            Duration microStop) {
        return stops(intervals, production, alarms, reasonNames, Map.of(), microStop);
    }

    /**
     * As above; a stop that no alarm names and that an operator classified (keyed by the moment it began) takes the
     * operator's reason, and is planned when that reason is.
     */
    public static List<StopEvent> stops(
            List<StateInterval> intervals,
            List<TimeRange> production,
            NavigableMap<Instant, Integer> alarms,
            Map<Integer, ReasonStore.Reason> reasonNames,
            Map<Instant, ReasonStore.Reason> classified,
            Duration microStop) {
        List<StopEvent> out = new ArrayList<>();
        for (StateInterval i : intervals) {
            if (i.state().equals(RUNNING_KEY) || i.state().equals(NO_DATA_KEY)) continue;
            // a micro-stop is judged on the whole stop, not on its pieces
            boolean micro = i.range().seconds() < microStop.toNanos() / 1e9;
            boolean first = true;
            for (TimeRange p : production) {
                var piece = i.range().intersect(p);
                if (piece.isEmpty()) continue;
                ReasonStore.Reason given = classifiable(i, alarms) ? classified.get(i.start()) : null;
                out.add(new StopEvent(
                        piece.get(),
                        i.state(),
                        given != null ? given.name() : reason(i, alarms, reasonNames),
                        given != null ? given.planned() : planned(i, alarms, reasonNames),
                        micro,
                        first));
                first = false;
            }
        }
        return out;
    }

    /** May an operator name this stop? Yes unless it is a fault that an alarm code already names. */
    public static boolean classifiable(StateInterval i, NavigableMap<Instant, Integer> alarms) {
        return !i.state().equals(RUNNING_KEY)
                && !i.state().equals(NO_DATA_KEY)
                && (!i.state().equals(FAULT_KEY) || alarmOf(i, alarms) == 0);
    }

    /** The alarm raised at (or just before) a fault's start names it; 0 when none. */
    public static int alarmOf(StateInterval i, NavigableMap<Instant, Integer> alarms) {
        var e = alarms.floorEntry(i.start().plusSeconds(2));
        return e == null ? 0 : e.getValue();
    }

    static boolean planned(
            StateInterval i, NavigableMap<Instant, Integer> alarms, Map<Integer, ReasonStore.Reason> reasons) {
        if (!i.state().equals(FAULT_KEY)) return false;
        ReasonStore.Reason r = reasons.get(alarmOf(i, alarms));
        return r != null && r.planned();
    }

    static String reason(
            StateInterval i, NavigableMap<Instant, Integer> alarms, Map<Integer, ReasonStore.Reason> reasonNames) {
        return switch (i.state()) {
            case "fault" -> {
                int code = alarmOf(i, alarms);
                ReasonStore.Reason r = reasonNames.get(code);
                yield code == 0 ? "未知故障 unknown fault" : r != null ? r.name() : "故障代码 alarm " + code;
            }
            case "setup" -> "换型调整 setup / changeover";
            case "idle" -> "待机 idle";
            case "off" -> "停机 machine off";
            default -> i.state();
        };
    }

    public static DowntimeReport report(List<StopEvent> stops, double runSeconds) {
        List<DowntimeReport.Reason> parts = new ArrayList<>();
        long micro = 0, failures = 0;
        double microSeconds = 0, faultSeconds = 0;
        for (StopEvent s : stops) {
            if (s.state().equals(FAULT_KEY) && !s.planned()) {
                if (s.startsEvent()) failures++;
                faultSeconds += s.range().seconds();
            }
            if (s.microStop()) {
                if (s.startsEvent()) micro++;
                microSeconds += s.range().seconds();
                continue;
            }
            parts.add(new DowntimeReport.Reason(
                    s.reason(), s.state(), s.planned(), s.range().seconds(), s.startsEvent() ? 1 : 0, 0));
        }
        return pareto(parts, micro, microSeconds, failures, runSeconds, faultSeconds);
    }

    /** Downtime of a group: seconds and occurrences summed per reason, Pareto order and MTBF/MTTR from the sums. */
    public static DowntimeReport merge(List<DowntimeReport> reports) {
        List<DowntimeReport.Reason> parts = new ArrayList<>();
        long micro = 0, failures = 0;
        double microSeconds = 0, run = 0, faultSeconds = 0;
        for (DowntimeReport r : reports) {
            micro += r.microStops();
            microSeconds += r.microStopSeconds();
            failures += r.failures();
            run += r.runSeconds();
            if (r.mttrSeconds() != null) faultSeconds += r.mttrSeconds() * r.failures();
            parts.addAll(r.reasons());
        }
        return pareto(parts, micro, microSeconds, failures, run, faultSeconds);
    }

    /** Sums the parts per reason, orders them longest first with cumulative shares, and adds MTBF and MTTR. */
    private static DowntimeReport pareto(
            List<DowntimeReport.Reason> parts,
            long micro,
            double microSeconds,
            long failures,
            double runSeconds,
            double faultSeconds) {
        Map<String, DowntimeReport.Reason> byReason = new LinkedHashMap<>();
        for (DowntimeReport.Reason p : parts) {
            byReason.merge(
                    p.reason(),
                    p,
                    (a, b) -> new DowntimeReport.Reason(
                            a.reason(),
                            a.state(),
                            a.planned(),
                            a.seconds() + b.seconds(),
                            a.occurrences() + b.occurrences(),
                            0));
        }
        List<DowntimeReport.Reason> sorted = new ArrayList<>(byReason.values());
        sorted.sort(Comparator.comparingDouble((DowntimeReport.Reason r) -> -r.seconds())
                .thenComparing(DowntimeReport.Reason::reason));
        double total =
                sorted.stream().mapToDouble(DowntimeReport.Reason::seconds).sum();
        List<DowntimeReport.Reason> reasons = new ArrayList<>();
        double cumulative = 0;
        for (DowntimeReport.Reason r : sorted) {
            cumulative += r.seconds();
            reasons.add(new DowntimeReport.Reason(
                    r.reason(),
                    r.state(),
                    r.planned(),
                    r.seconds(),
                    r.occurrences(),
                    total > 0 ? cumulative / total : 0));
        }
        return new DowntimeReport(
                reasons,
                micro,
                microSeconds,
                failures,
                runSeconds,
                failures > 0 ? runSeconds / failures : null,
                failures > 0 ? faultSeconds / failures : null);
    }
}
