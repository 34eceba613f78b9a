package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;

/**
 * KPIs from the figures an enterprise reported for the months that overlap a period. A month that lies only partly
 * in the period counts by its share of days (October's figures × 15/31 for 17–31 October), so a month that straddles
 * the baseline and the comparison is split between them, never counted twice. Without a reported month every figure
 * is null ("no data").
 *
 * @param months                 reported months that overlap the period
 * @param employeeMonths         Σ employees × share of the month in the period
 * @param dataCoverage           days of the period in reported months ÷ days of the period
 * @param outputValuePerEmployee Σ output value ÷ Σ employee-months (万元 per person and month)
 * @param energyPerWanYuan       Σ energy ÷ Σ output value (tce per 万元 of output value)
 */
public record ReportedKpis(
        int months,
        BigDecimal outputValueWan,
        Double employeeMonths,
        BigDecimal energyTce,
        Double dataCoverage,
        Double outputValuePerEmployee,
        Double energyPerWanYuan) {

    public boolean hasData() {
        return months > 0;
    }
}
