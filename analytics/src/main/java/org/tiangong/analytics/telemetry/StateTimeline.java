package org.tiangong.analytics.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.model.MachineState;

/**
 * Time spent per state over a window, summed from {@link StateIntervals} (which define what counts as no data).
 */
public final class StateTimeline {

    private StateTimeline() {}

    /**
     * @param before    the newest state sample before {@code from}, or null
     * @param inWindow  state samples with from ≤ time < to, in time order
     * @param dataUntil time up to which the machine is known to have reported, or null when it never did
     * @param now       the present; the window is cut there
     */
    public static StateDurations measure(
            Instant from, Instant to, StateSample before, List<StateSample> inWindow, Instant dataUntil, Instant now) {
        Instant end = to.isAfter(now) ? now : to;
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (MachineState s : MachineState.values()) seconds.put(s.key(), 0.0); // the five, then no_data
        if (!end.isAfter(from)) return new StateDurations(seconds, 0.0);
        for (StateInterval i : StateIntervals.build(from, end, before, inWindow, dataUntil)) {
            seconds.merge(i.state(), i.range().seconds(), Double::sum);
        }
        return new StateDurations(seconds, Duration.between(from, end).toNanos() / 1e9);
    }
}
