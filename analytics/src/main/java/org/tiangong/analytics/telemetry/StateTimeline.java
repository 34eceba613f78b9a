package org.tiangong.analytics.telemetry;

import org.tiangong.analytics.model.MachineState;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a machine's state samples into time spent per state. A state holds from its sample until the next one;
 * after the newest one it holds until {@code dataUntil} (the machine's newest sample of any signal), beyond which
 * nothing is known. Time with no sample yet, after {@code dataUntil}, under a Bad/Uncertain state value or an
 * unknown state code is {@code no_data}: never running and never down.
 */
public final class StateTimeline {

    private StateTimeline() {}

    /**
     * @param before    the newest state sample before {@code from}, or null
     * @param inWindow  state samples with from ≤ time < to, in time order
     * @param dataUntil time up to which the machine is known to have reported, or null when it never did
     * @param now       the present; the window is cut there
     */
    public static StateDurations measure(Instant from, Instant to, StateSample before, List<StateSample> inWindow,
                                         Instant dataUntil, Instant now) {
        Instant end = to.isAfter(now) ? now : to;
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (MachineState s : MachineState.values()) seconds.put(s.key(), 0.0);
        seconds.put(StateDurations.NO_DATA, 0.0);
        if (!end.isAfter(from)) return new StateDurations(seconds, 0.0);

        Instant known = dataUntil == null ? from : (dataUntil.isAfter(end) ? end : dataUntil);
        Instant cursor = from;
        String current = before == null ? StateDurations.NO_DATA : stateOf(before);
        for (StateSample s : inWindow) {
            Instant t = s.time().isAfter(end) ? end : s.time();
            add(seconds, current, cursor, t, known);
            cursor = t;
            current = stateOf(s);
        }
        add(seconds, current, cursor, end, known);
        return new StateDurations(seconds, seconds(from, end));
    }

    /** Adds [a, b) to {@code state}, except the part after {@code known}, which is no data. */
    private static void add(Map<String, Double> seconds, String state, Instant a, Instant b, Instant known) {
        if (!b.isAfter(a)) return;
        Instant split = known.isBefore(a) ? a : (known.isAfter(b) ? b : known);
        seconds.merge(state, seconds(a, split), Double::sum);
        seconds.merge(StateDurations.NO_DATA, seconds(split, b), Double::sum);
    }

    private static String stateOf(StateSample s) {
        if (!StatusCodes.isGood(s.status()) || Double.isNaN(s.code()) || s.code() != Math.rint(s.code())) {
            return StateDurations.NO_DATA;
        }
        return MachineState.fromCode((int) s.code()).map(MachineState::key).orElse(StateDurations.NO_DATA);
    }

    private static double seconds(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }
}
