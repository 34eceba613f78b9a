package org.tiangong.analytics.telemetry;

import java.util.Collections;
import java.util.Map;
import org.tiangong.analytics.model.MachineState;

/**
 * Seconds a machine spent in each state over a window. Keys are the lower-case state names plus
 * {@code no_data} for time not covered by good data.
 *
 * @param elapsedSeconds the window's length (up to now, for a window that reaches into the future)
 */
public record StateDurations(Map<String, Double> secondsByState, double elapsedSeconds) {

    /** The key of time not covered by good data ({@link MachineState#NO_DATA}). */
    public static final String NO_DATA = MachineState.NO_DATA.key();

    public StateDurations {
        secondsByState = Collections.unmodifiableMap(secondsByState);
    }

    public double seconds(String state) {
        return secondsByState.getOrDefault(state, 0.0);
    }

    /** Running time ÷ elapsed time; 0 for an empty window. */
    public double utilization() {
        return elapsedSeconds <= 0 ? 0.0 : seconds(MachineState.RUNNING.key()) / elapsedSeconds;
    }
}
