package org.tiangong.analytics.oee;

import java.util.List;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * OEE of one machine for one shift, from its state intervals and part-counter readings: run time is running time
 * inside the shift's planned production time, time with data is time in any known state inside it (no data counts
 * neither way), counts are counter deltas inside the shift.
 */
public final class ShiftOee {

    private ShiftOee() {}

    public static double runSecondsWithin(List<StateInterval> intervals, List<TimeRange> production) {
        return secondsWithin(intervals, production, true);
    }

    /** Seconds in a known state (anything but no data) inside the production ranges. */
    public static double dataSecondsWithin(List<StateInterval> intervals, List<TimeRange> production) {
        return secondsWithin(intervals, production, false);
    }

    private static double secondsWithin(List<StateInterval> intervals, List<TimeRange> production, boolean running) {
        double seconds = 0;
        for (StateInterval i : intervals) {
            boolean counts = running
                    ? i.state().equals(MachineState.RUNNING.key())
                    : !i.state().equals(MachineState.NO_DATA.key());
            if (!counts) continue;
            for (TimeRange p : production)
                seconds += i.range().intersect(p).map(TimeRange::seconds).orElse(0.0);
        }
        return seconds;
    }

    public static OeeResult of(
            ShiftInstance shift,
            List<StateInterval> intervals,
            double idealCycleSeconds,
            double goodCount,
            double scrapCount) {
        return OeeCalculator.compute(
                shift.plannedProductionSeconds(),
                dataSecondsWithin(intervals, shift.productionRanges()),
                runSecondsWithin(intervals, shift.productionRanges()),
                idealCycleSeconds,
                goodCount,
                scrapCount);
    }
}
