package org.tiangong.analytics.oee;

/**
 * OEE and the times and counts behind it. A factor whose denominator is zero (no planned time with data, no run time,
 * no parts) is null: unknown, not 0 and not 100 %.
 *
 * <p>Time without data ({@code MachineState.NO_DATA}: before the first sample, gaps, Bad values) is neither run time
 * nor a loss: availability = run time ÷ planned production time <em>with data</em>, and {@code dataCoverage} says how
 * much of the planned production time that was (docs/metrics.md, "Data coverage").
 *
 * @param plannedWithDataSeconds planned production time in which the machine reported a known state
 * @param dataCoverage           plannedWithDataSeconds ÷ plannedProductionSeconds; null without planned time
 * @param performanceCapped      true when (ideal cycle × count) ÷ run time exceeded 1 and was capped: the ideal cycle
 *                               time is set too long, and the raw value is in {@code performanceRaw}
 */
public record OeeResult(
        double plannedProductionSeconds,
        double plannedWithDataSeconds,
        double runSeconds,
        double idealCycleSeconds,
        double goodCount,
        double scrapCount,
        Double dataCoverage,
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
