package org.tiangong.analytics.oee;

/**
 * The standard OEE definitions (docs/metrics.md):
 * availability = run time ÷ planned production time with data;
 * performance = ideal cycle time × total count ÷ run time (capped at 1 and flagged above it);
 * quality = good count ÷ total count; OEE = availability × performance × quality;
 * data coverage = planned production time with data ÷ planned production time.
 */
public final class OeeCalculator {

    private OeeCalculator() {}

    /**
     * @param plannedProductionSeconds calendar time minus planned stops
     * @param plannedWithDataSeconds   the part of it in which the machine reported a known state (not no data)
     * @param runSeconds               running time inside planned production time
     * @param idealCycleSeconds        the machine's ideal cycle time; ≤ 0 or NaN when unknown
     */
    public static OeeResult compute(
            double plannedProductionSeconds,
            double plannedWithDataSeconds,
            double runSeconds,
            double idealCycleSeconds,
            double goodCount,
            double scrapCount) {
        double total = goodCount + scrapCount;
        // sums of many pieces can exceed their whole by a rounding remainder
        double withData = Math.min(plannedWithDataSeconds, plannedProductionSeconds);
        Double coverage = plannedProductionSeconds > 0 ? withData / plannedProductionSeconds : null;
        Double availability = withData > 0 ? runSeconds / withData : null;
        Double performanceRaw = runSeconds > 0 && idealCycleSeconds > 0 ? idealCycleSeconds * total / runSeconds : null;
        boolean capped = performanceRaw != null && performanceRaw > 1.0;
        Double performance = performanceRaw == null ? null : Math.min(1.0, performanceRaw);
        Double quality = total > 0 ? goodCount / total : null;
        Double oee = availability != null && performance != null && quality != null
                ? availability * performance * quality
                : null;
        return new OeeResult(
                plannedProductionSeconds,
                withData,
                runSeconds,
                idealCycleSeconds,
                goodCount,
                scrapCount,
                coverage,
                availability,
                performance,
                performanceRaw,
                capped,
                quality,
                oee);
    }

    /** Every second of planned production time with data (a fixture, or a source that has no gaps). */
    public static OeeResult compute(
            double plannedProductionSeconds,
            double runSeconds,
            double idealCycleSeconds,
            double goodCount,
            double scrapCount) {
        return compute(
                plannedProductionSeconds,
                plannedProductionSeconds,
                runSeconds,
                idealCycleSeconds,
                goodCount,
                scrapCount);
    }
}
