package org.tiangong.analytics.upgrade;

/**
 * KPIs of an enterprise's machines over a period, from telemetry (rollups). Only machines that reported a known state
 * in the period count ({@code machines}). When none did, {@code hasData} is false and every figure is null: "no
 * data", never 0 %.
 *
 * @param coverage         known-state seconds ÷ (reporting machines × period seconds)
 * @param outputPerRunHour good parts ÷ running hours (件/运行小时)
 * @param scrapRate        scrap ÷ (good + scrap)
 * @param kwhPerGoodPart   energy ÷ good parts, over the machines with an energy meter
 */
public record TelemetryKpis(
        boolean hasData,
        int machines,
        Double coverage,
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

    public static TelemetryKpis noData(int machines) {
        return new TelemetryKpis(
                false,
                machines,
                machines == 0 ? null : 0.0,
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
