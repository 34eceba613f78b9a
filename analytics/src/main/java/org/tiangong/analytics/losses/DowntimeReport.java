package org.tiangong.analytics.losses;

import java.util.List;

/**
 * Downtime over a window: reasons in Pareto order (longest first), micro-stops apart, and the reliability figures.
 *
 * @param mtbfSeconds mean run time between failures (run time ÷ faults); null without a fault
 * @param mttrSeconds mean fault duration; null without a fault
 */
public record DowntimeReport(
        List<Reason> reasons,
        long microStops,
        double microStopSeconds,
        long failures,
        double runSeconds,
        Double mtbfSeconds,
        Double mttrSeconds) {

    /** @param cumulativeShare share of all (non-micro) downtime covered by this reason and the ones before it */
    public record Reason(
            String reason, String state, boolean planned, double seconds, long occurrences, double cumulativeShare) {}
}
