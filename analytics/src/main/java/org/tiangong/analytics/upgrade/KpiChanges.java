package org.tiangong.analytics.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The before/after changes of each KPI, each side with the data coverage of its source. */
final class KpiChanges {

    private KpiChanges() {}

    private record Kpi(
            String key,
            String label,
            String unit,
            boolean higherIsBetter,
            boolean reported,
            Function<PeriodKpis, Double> value) {}

    private static final List<Kpi> KPIS = List.of(
            new Kpi(
                    "oee",
                    "设备综合效率 OEE",
                    "ratio",
                    true,
                    false,
                    k -> k.telemetry().oee()),
            new Kpi(
                    "output_per_run_hour",
                    "每运行小时产出 good parts per operating hour",
                    "件/h parts/h",
                    true,
                    false,
                    k -> k.telemetry().outputPerRunHour()),
            new Kpi(
                    "scrap_rate",
                    "不良率 defect (scrap) rate",
                    "ratio",
                    false,
                    false,
                    k -> k.telemetry().scrapRate()),
            new Kpi(
                    "kwh_per_good_part",
                    "单件能耗 energy per good part",
                    "kWh/件 kWh/part",
                    false,
                    false,
                    k -> k.telemetry().kwhPerGoodPart()),
            new Kpi(
                    "output_value_per_employee",
                    "人均产值 output value per employee",
                    "万元/人·月 10k yuan/person-month",
                    true,
                    true,
                    k -> k.reported().outputValuePerEmployee()),
            new Kpi(
                    "energy_per_wan_yuan",
                    "万元产值能耗 energy per 10 000 yuan of output value",
                    "tce/万元 tce/10k yuan",
                    false,
                    true,
                    k -> k.reported().energyPerWanYuan()));

    static List<BeforeAfter.Change> of(PeriodKpis before, PeriodKpis after) {
        List<BeforeAfter.Change> out = new ArrayList<>();
        for (Kpi k : KPIS) {
            out.add(change(
                    k,
                    before == null ? null : k.value().apply(before),
                    after == null ? null : k.value().apply(after),
                    coverage(k, before),
                    coverage(k, after)));
        }
        return out;
    }

    private static Double coverage(Kpi k, PeriodKpis p) {
        if (p == null) return null;
        return k.reported() ? p.reported().dataCoverage() : p.telemetry().dataCoverage();
    }

    private static BeforeAfter.Change change(
            Kpi k, Double before, Double after, Double beforeCoverage, Double afterCoverage) {
        if (before == null || after == null)
            return new BeforeAfter.Change(
                    k.key(),
                    k.label(),
                    k.unit(),
                    k.higherIsBetter(),
                    before,
                    after,
                    null,
                    null,
                    null,
                    beforeCoverage,
                    afterCoverage);
        double change = after - before;
        Double relative = before != 0 ? change / before : null;
        Boolean improved = change == 0 ? Boolean.FALSE : (k.higherIsBetter() == change > 0);
        return new BeforeAfter.Change(
                k.key(),
                k.label(),
                k.unit(),
                k.higherIsBetter(),
                before,
                after,
                change,
                relative,
                improved,
                beforeCoverage,
                afterCoverage);
    }
}
