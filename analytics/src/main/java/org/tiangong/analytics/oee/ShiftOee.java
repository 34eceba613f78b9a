package org.tiangong.analytics.oee;

import java.util.List;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * OEE of one machine for one shift, from its state intervals and part-counter readings: run time is running time
 * inside the shift's planned production time, counts are counter deltas inside the shift.
 */
public final class ShiftOee {

    private ShiftOee() {}

    public static double runSecondsWithin(List<StateInterval> intervals, List<TimeRange> production) {
        double run = 0;
        for (StateInterval i : intervals) {
            if (!i.state().equals("running")) continue;
            for (TimeRange p : production)
                run += i.range().intersect(p).map(TimeRange::seconds).orElse(0.0);
        }
        return run;
    }

    public static OeeResult of(
            ShiftInstance shift,
            List<StateInterval> intervals,
            double idealCycleSeconds,
            double goodCount,
            double scrapCount) {
        return OeeCalculator.compute(
                shift.plannedProductionSeconds(),
                runSecondsWithin(intervals, shift.productionRanges()),
                idealCycleSeconds,
                goodCount,
                scrapCount);
    }
}
