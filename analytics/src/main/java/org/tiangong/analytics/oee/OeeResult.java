package org.tiangong.analytics.oee;

/**
 * OEE and the times and counts behind it. A factor whose denominator is zero (no planned time, no run time, no
 * parts) is null: unknown, not 0 and not 100 %.
 *
 * @param performanceCapped true when (ideal cycle × count) ÷ run time exceeded 1 and was capped: the ideal cycle
 *                          time is set too long, and the raw value is in {@code performanceRaw}
 */
public record OeeResult(
        double plannedProductionSeconds,
        double runSeconds,
        double idealCycleSeconds,
        double goodCount,
        double scrapCount,
        Double availability,
        Double performance,
        Double performanceRaw,
        boolean performanceCapped,
        Double quality,
        Double oee) {

    public double totalCount() {
        return goodCount + scrapCount;
    }
}
