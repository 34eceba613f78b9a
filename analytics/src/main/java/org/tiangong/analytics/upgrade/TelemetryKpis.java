package org.tiangong.analytics.upgrade;

/**
 * KPIs of an enterprise's machines over a period, from telemetry (rollups). Only machines that reported a known state
 * in the period count ({@code machines}). When none did, {@code hasData} is false and every figure is null: "no
 * data", never 0 %.
 *
 * @param coverage         known-state seconds ÷ (reporting machines × period seconds): calendar time
 * @param dataCoverage     the share of all the enterprise's machines' planned production time with data (OEE's data
 *                         coverage): what every figure here was measured on
 * @param outputPerRunHour good parts ÷ running hours (件/运行小时)
 * @param scrapRate        scrap ÷ (good + scrap)
 * @param kwhPerGoodPart   energy ÷ good parts, over the machines with an energy meter
 */
public record TelemetryKpis(
        boolean hasData,
        int machines,
        Double coverage,
        Double dataCoverage,
        Double oee,
        Double availability,
        Double performance,
        Double quality,
        Double goodParts,
        Double scrapParts,
        Double runHours,
        Double outputPerRunHour,
        Double scrapRate,
        Double energyKwh,
        Double kwhPerGoodPart) {

    /** No machine reported: {@code dataCoverage} is 0 when there was planned time, null when there was none. */
    public static TelemetryKpis noData(int machines, Double dataCoverage) {
        return new TelemetryKpis(
                false,
                machines,
                machines == 0 ? null : 0.0,
                dataCoverage,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
