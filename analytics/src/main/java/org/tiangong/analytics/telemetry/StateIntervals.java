package org.tiangong.analytics.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tiangong.analytics.model.MachineState;

/**
 * Turns a machine's state samples into non-overlapping, gap-free intervals covering a window. A state holds from its
 * sample until the next one; after the newest it holds until {@code dataUntil} (the machine's newest sample of any
 * signal). Time before the first known state, after {@code dataUntil}, under a Bad/Uncertain value or an unknown code
 * is {@code no_data} — never running and never down. Adjacent intervals of the same state are merged.
 */
public final class StateIntervals {

    private StateIntervals() {}

    /**
     * @param before    the newest state sample before {@code from}, or null
     * @param inWindow  state samples with from ≤ time < to, in time order
     * @param dataUntil time up to which the machine is known to have reported, or null when it never did
     */
    public static List<StateInterval> build(
            Instant from, Instant to, StateSample before, List<StateSample> inWindow, Instant dataUntil) {
        List<StateInterval> out = new ArrayList<>();
        if (!to.isAfter(from)) return out;
        Instant known = dataUntil == null ? from : (dataUntil.isAfter(to) ? to : dataUntil);
        Instant cursor = from;
        String current = before == null ? StateDurations.NO_DATA : stateOf(before);
        for (StateSample s : inWindow) {
            Instant t = s.time().isAfter(to) ? to : (s.time().isBefore(from) ? from : s.time());
            add(out, current, cursor, t, known);
            cursor = t;
            current = stateOf(s);
        }
        add(out, current, cursor, to, known);
        return out;
    }

    /** The state a sample stands for. */
    public static String stateOf(StateSample s) {
        if (!StatusCodes.isGood(s.status()) || Double.isNaN(s.code()) || s.code() != Math.rint(s.code())) {
            return StateDurations.NO_DATA;
        }
        return MachineState.fromCode((int) s.code()).map(MachineState::key).orElse(StateDurations.NO_DATA);
    }

    /** Adds [a, b) as {@code state}, except the part after {@code known}, which is no data. */
    private static void add(List<StateInterval> out, String state, Instant a, Instant b, Instant known) {
        if (!b.isAfter(a)) return;
        Instant split = known.isBefore(a) ? a : (known.isAfter(b) ? b : known);
        append(out, a, split, state);
        append(out, split, b, StateDurations.NO_DATA);
    }

    private static void append(List<StateInterval> out, Instant a, Instant b, String state) {
        if (!b.isAfter(a)) return;
        if (!out.isEmpty()) {
            StateInterval last = out.get(out.size() - 1);
            if (last.state().equals(state) && last.end().equals(a)) {
                out.set(out.size() - 1, new StateInterval(last.start(), b, state));
                return;
            }
        }
        out.add(new StateInterval(a, b, state));
    }
}
