package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;

/**
 * KPIs from the figures an enterprise reported for the months that overlap a period. Without a reported month every
 * figure is null ("no data").
 *
 * @param outputValuePerEmployee Σ output value ÷ Σ employees over the months (万元 per person and month)
 * @param energyPerWanYuan       Σ energy ÷ Σ output value (tce per 万元 of output value)
 */
public record ReportedKpis(
        int months,
        BigDecimal outputValueWan,
        Long employeeMonths,
        BigDecimal energyTce,
        Double outputValuePerEmployee,
        Double energyPerWanYuan) {

    public boolean hasData() {
        return months > 0;
    }
}
