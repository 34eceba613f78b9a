package org.tiangong.analytics.upgrade;

import java.util.List;

/**
 * A project's KPIs in its baseline period and in the comparison period, and the change of each.
 *
 * @param basis  how the comparison period was chosen: {@code set} (on the project), {@code after_completion} (as long
 *               as the baseline, from the day after completion), {@code recent} (a project not yet completed: the
 *               latest days as long as the baseline, none of them the baseline's), {@code pending} (no whole day of
 *               comparison yet), {@code no_baseline} (the project has no baseline period)
 * @param status {@code ok}, {@code overlap} (the project's dates make the periods overlap: nothing is computed, see
 *               {@code reason}), {@code pending} or {@code no_baseline}
 * @param reason why the periods were not compared (bilingual), or null
 */
public record BeforeAfter(
        String basis, String status, String reason, PeriodKpis baseline, PeriodKpis comparison, List<Change> changes) {

    /**
     * One KPI before and after. {@code change} = after − before; {@code relativeChange} = change ÷ before. Both null
     * when either side has no data (or before is 0 for the relative change); {@code improved} null likewise. Each side
     * carries the data coverage of what it was computed from (telemetry: planned time with data; reported figures:
     * days of the period covered by reported months).
     */
    public record Change(
            String key,
            String label,
            String unit,
            boolean higherIsBetter,
            Double before,
            Double after,
            Double change,
            Double relativeChange,
            Boolean improved,
            Double beforeCoverage,
            Double afterCoverage) {}

    public Change change(String key) {
        return changes.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }
}
