package org.tiangong.analytics.oee;

/**
 * The standard OEE definitions (docs/metrics.md):
 * availability = run time ÷ planned production time;
 * performance = ideal cycle time × total count ÷ run time (capped at 1 and flagged above it);
 * quality = good count ÷ total count; OEE = availability × performance × quality.
 */
public final class OeeCalculator {

    private OeeCalculator() {}

    /**
     * @param plannedProductionSeconds calendar time minus planned stops
     * @param runSeconds               running time inside planned production time
     * @param idealCycleSeconds        the machine's ideal cycle time; ≤ 0 or NaN when unknown
     */
    public static OeeResult compute(
            double plannedProductionSeconds,
            double runSeconds,
            double idealCycleSeconds,
            double goodCount,
            double scrapCount) {
        double total = goodCount + scrapCount;
        Double availability = plannedProductionSeconds > 0 ? runSeconds / plannedProductionSeconds : null;
        Double performanceRaw = runSeconds > 0 && idealCycleSeconds > 0 ? idealCycleSeconds * total / runSeconds : null;
        boolean capped = performanceRaw != null && performanceRaw > 1.0;
        Double performance = performanceRaw == null ? null : Math.min(1.0, performanceRaw);
        Double quality = total > 0 ? goodCount / total : null;
        Double oee = availability != null && performance != null && quality != null
                ? availability * performance * quality
                : null;
        return new OeeResult(
                plannedProductionSeconds,
                runSeconds,
                idealCycleSeconds,
                goodCount,
                scrapCount,
                availability,
                performance,
                performanceRaw,
                capped,
                quality,
                oee);
    }
}
