package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.tiangong.analytics.upgrade.AreaTotals;
import org.tiangong.analytics.upgrade.Asset;
import org.tiangong.analytics.upgrade.BeforeAfter;
import org.tiangong.analytics.upgrade.EnterpriseIndicators;
import org.tiangong.analytics.upgrade.LedgerCounts;
import org.tiangong.analytics.upgrade.MonthlyFigure;
import org.tiangong.analytics.upgrade.PeriodKpis;
import org.tiangong.analytics.upgrade.ProgrammeProgress;
import org.tiangong.analytics.upgrade.Project;
import org.tiangong.analytics.upgrade.ProjectEvent;
import org.tiangong.analytics.upgrade.Registry;
import org.tiangong.analytics.upgrade.Stage;

/**
 * JSON of the upgrade resources, and the two tables the bureau exports. Shares are ratios 0…1; a figure without data
 * is null, and each before/after side says {@code "status": "no_data"} when it has none.
 */
public final class UpgradeJson {

    private UpgradeJson() {}

    public static JsonObject registry(Registry r) {
        return new JsonObject()
                .put("enterpriseId", r.enterpriseId().toString())
                .put("code", r.code())
                .put("name", r.name())
                .put("creditCode", r.creditCode())
                .put("town", r.town())
                .put("segment", r.segment())
                .put("aboveScale", r.aboveScale())
                .put("contactName", r.contactName())
                .put("contactPhone", r.contactPhone())
                .put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
    }

    public static JsonObject asset(Asset a) {
        return new JsonObject()
                .put("id", a.id().toString())
                .put("plantId", a.plantId().toString())
                .put("code", a.code())
                .put("name", a.name())
                .put("kind", a.kind())
                .put("production", a.production())
                .put("numericalControl", a.numericalControl())
                .put("keyProcess", a.keyProcess())
                .put("commissionedYear", a.commissionedYear())
                .put("machineId", a.machineId() == null ? null : a.machineId().toString());
    }

    public static JsonObject ledger(LedgerCounts l) {
        return new JsonObject()
                .put("assets", l.assets())
                .put("networkedAssets", l.networked())
                .put("networkedRate", l.networkedRate())
                .put("numericalControlAssets", l.numericalControl())
                .put("numericalControlRate", l.numericalControlRate())
                .put("keyProcessAssets", l.keyProcess())
                .put("keyProcessNcAssets", l.keyProcessNc())
                .put("keyProcessNcRate", l.keyProcessNcRate())
                .put("status", l.assets() == 0 ? "no_ledger" : "ok");
    }

    public static JsonObject project(Project p) {
        return new JsonObject()
                .put("id", p.id().toString())
                .put("enterpriseId", p.enterpriseId().toString())
                .put("name", p.name())
                .put("scope", p.scope())
                .put("vendor", p.vendor())
                .put("investmentWan", num(p.investmentWan()))
                .put("subsidyAppliedWan", num(p.subsidyAppliedWan()))
                .put("subsidyGrantedWan", num(p.subsidyGrantedWan()))
                .put("plannedStart", str(p.plannedStart()))
                .put("plannedEnd", str(p.plannedEnd()))
                .put("actualStart", str(p.actualStart()))
                .put("actualEnd", str(p.actualEnd()))
                .put("acceptedOn", str(p.acceptedOn()))
                .put("status", p.status().key())
                .put("statusLabel", p.status().label())
                .put("baselineFrom", str(p.baselineFrom()))
                .put("baselineTo", str(p.baselineTo()))
                .put("compareFrom", str(p.compareFrom()))
                .put("compareTo", str(p.compareTo()))
                .put("createdAt", str(p.createdAt()))
                .put("updatedAt", str(p.updatedAt()));
    }

    public static JsonObject event(ProjectEvent e) {
        return new JsonObject()
                .put("at", e.at().toString())
                .put("actorId", e.actorId() == null ? null : e.actorId().toString())
                .put("actorName", e.actorName())
                .put("fromStatus", e.fromStatus())
                .put("toStatus", e.toStatus())
                .put("changes", new JsonObject(e.changesJson()));
    }

    public static JsonObject figure(MonthlyFigure f) {
        return new JsonObject()
                .put("month", f.month().toString())
                .put("outputValueWan", num(f.outputValueWan()))
                .put("employees", f.employees())
                .put("energyTce", num(f.energyTce()));
    }

    public static JsonObject beforeAfter(BeforeAfter ba) {
        if (ba == null) return null;
        JsonArray changes = new JsonArray();
        for (BeforeAfter.Change c : ba.changes()) {
            changes.add(new JsonObject()
                    .put("key", c.key())
                    .put("label", c.label())
                    .put("unit", c.unit())
                    .put("higherIsBetter", c.higherIsBetter())
                    .put("before", c.before())
                    .put("after", c.after())
                    .put("change", c.change())
                    .put("relativeChange", c.relativeChange())
                    .put("improved", c.improved())
                    .put("beforeCoverage", c.beforeCoverage())
                    .put("afterCoverage", c.afterCoverage())
                    .put("status", DataStatus.of(c.change() != null).key()));
        }
        return new JsonObject()
                .put("basis", ba.basis())
                .put("status", ba.status())
                .put("reason", ba.reason())
                .put("baseline", period(ba.baseline()))
                .put("comparison", period(ba.comparison()))
                .put("changes", changes);
    }

    private static JsonObject period(PeriodKpis k) {
        if (k == null) return null;
        var t = k.telemetry();
        var r = k.reported();
        JsonObject telemetry = new JsonObject()
                .put("status", DataStatus.of(t.hasData()).key())
                .put("machines", t.machines())
                .put("coverage", t.coverage())
                .put("dataCoverage", t.dataCoverage())
                .put("oee", t.oee())
                .put("availability", t.availability())
                .put("performance", t.performance())
                .put("quality", t.quality())
                .put("goodParts", t.goodParts())
                .put("scrapParts", t.scrapParts())
                .put("runHours", t.runHours())
                .put("outputPerRunHour", t.outputPerRunHour())
                .put("scrapRate", t.scrapRate())
                .put("energyKwh", t.energyKwh())
                .put("kwhPerGoodPart", t.kwhPerGoodPart());
        JsonObject reported = new JsonObject()
                .put("status", DataStatus.of(r.hasData()).key())
                .put("months", r.months())
                .put("outputValueWan", num(r.outputValueWan()))
                .put("employeeMonths", r.employeeMonths())
                .put("energyTce", num(r.energyTce()))
                .put("dataCoverage", r.dataCoverage())
                .put("outputValuePerEmployee", r.outputValuePerEmployee())
                .put("energyPerWanYuan", r.energyPerWanYuan());
        return new JsonObject()
                .put("from", k.period().from().toString())
                .put("to", k.period().to().toString())
                .put("telemetry", telemetry)
                .put("reported", reported);
    }

    public static JsonObject programme(ProgrammeProgress p) {
        JsonArray years = new JsonArray();
        for (ProgrammeProgress.Year y : p.years()) {
            years.add(new JsonObject()
                    .put("year", y.year())
                    .put("targetShare", y.targetShare())
                    .put("targetCount", y.targetCount())
                    .put("completedByYearEnd", y.completedByYearEnd())
                    .put("acceptedByYearEnd", y.acceptedByYearEnd())
                    .put("completedShare", y.completedShare())
                    .put("targetMet", y.targetMet())
                    .put("current", y.current()));
        }
        JsonObject o = new JsonObject()
                .put("aboveScaleEnterprises", p.aboveScale())
                .put("completed", p.completed())
                .put("accepted", p.accepted())
                .put("years", years);
        if (p.programme() == null) return o.put("status", "no_programme");
        return o.put("status", "ok")
                .put("name", p.programme().name())
                .put("start", p.programme().start().toString())
                .put("end", p.programme().end().toString());
    }

    /** The ranking: one row per enterprise with every indicator. */
    public static final Table<EnterpriseIndicators> RANKING = new Table<>(
            "企业排名 ranking",
            List.of(
                    Table.col(
                            "id",
                            "企业ID enterprise id",
                            e -> e.registry().enterpriseId().toString()),
                    Table.col("code", "企业代码 code", e -> e.registry().code()),
                    Table.col("name", "企业名称 name", e -> e.registry().name()),
                    Table.col(
                            "creditCode",
                            "统一社会信用代码 credit code",
                            e -> e.registry().creditCode()),
                    Table.col("town", "乡镇街道 town", e -> e.registry().town()),
                    Table.col("segment", "行业细分 segment", e -> e.registry().segment()),
                    Table.col(
                            "aboveScale", "规上企业 above scale", e -> e.registry().aboveScale()),
                    Table.col("stage", "改造阶段代码 stage", e -> e.stage().key()),
                    Table.col("stageLabel", "改造阶段 stage", e -> e.stage().label()),
                    Table.col("projects", "项目数 projects", EnterpriseIndicators::projects),
                    Table.col(
                            "assets", "生产设备数 production assets", e -> e.ledger().assets()),
                    Table.col(
                            "networkedAssets",
                            "联网设备数 networked assets",
                            e -> e.ledger().networked()),
                    Table.ratio(
                            "networkedRate",
                            "设备联网率 networked rate",
                            e -> e.ledger().networkedRate()),
                    Table.ratio(
                            "numericalControlRate",
                            "数控化率 CNC rate",
                            e -> e.ledger().numericalControlRate()),
                    Table.ratio(
                            "keyProcessNcRate",
                            "关键工序数控化率 key-process CNC rate",
                            e -> e.ledger().keyProcessNcRate()),
                    Table.col("investmentWan", "投资额(万元) investment (10k yuan)", e -> num(e.investmentWan())),
                    Table.col("subsidyAppliedWan", "申请补助(万元) subsidy applied", e -> num(e.subsidyAppliedWan())),
                    Table.col("subsidyGrantedWan", "获批补助(万元) subsidy granted", e -> num(e.subsidyGrantedWan())),
                    Table.col(
                            "project",
                            "评估项目 assessed project",
                            e -> e.headline() == null ? null : e.headline().name()),
                    Table.col(
                            "comparisonBasis",
                            "对比依据 comparison basis",
                            e -> e.beforeAfter() == null
                                    ? null
                                    : e.beforeAfter().basis()),
                    Table.col(
                            "comparisonStatus",
                            "对比状态 comparison status",
                            e -> e.beforeAfter() == null
                                    ? null
                                    : e.beforeAfter().status()),
                    Table.ratio("oeeBefore", "改造前OEE OEE before", before("oee")),
                    Table.ratio("oeeAfter", "改造后OEE OEE after", after("oee")),
                    Table.ratio("dataCoverageBefore", "改造前数据覆盖率 data coverage before", coverageBefore("oee")),
                    Table.ratio("dataCoverageAfter", "改造后数据覆盖率 data coverage after", coverageAfter("oee")),
                    Table.ratio("oeeChange", "OEE变化(百分点) OEE change", change("oee")),
                    Table.col("outputPerRunHourBefore", "改造前每运行小时产出 parts/h before", before("output_per_run_hour")),
                    Table.col("outputPerRunHourAfter", "改造后每运行小时产出 parts/h after", after("output_per_run_hour")),
                    Table.ratio(
                            "outputPerRunHourRelativeChange",
                            "每运行小时产出变化 parts/h change",
                            relative("output_per_run_hour")),
                    Table.ratio("scrapRateBefore", "改造前不良率 scrap rate before", before("scrap_rate")),
                    Table.ratio("scrapRateAfter", "改造后不良率 scrap rate after", after("scrap_rate")),
                    Table.col("kwhPerGoodPartBefore", "改造前单件能耗(kWh) kWh/part before", before("kwh_per_good_part")),
                    Table.col("kwhPerGoodPartAfter", "改造后单件能耗(kWh) kWh/part after", after("kwh_per_good_part")),
                    Table.ratio(
                            "kwhPerGoodPartRelativeChange", "单件能耗变化 kWh/part change", relative("kwh_per_good_part")),
                    Table.ratio(
                            "reportedCoverageBefore",
                            "改造前上报数据覆盖率 reported data coverage before",
                            coverageBefore("output_value_per_employee")),
                    Table.ratio(
                            "reportedCoverageAfter",
                            "改造后上报数据覆盖率 reported data coverage after",
                            coverageAfter("output_value_per_employee")),
                    Table.col(
                            "outputValuePerEmployeeBefore",
                            "改造前人均产值(万元/人·月) output/employee before",
                            before("output_value_per_employee")),
                    Table.col(
                            "outputValuePerEmployeeAfter",
                            "改造后人均产值(万元/人·月) output/employee after",
                            after("output_value_per_employee")),
                    Table.ratio(
                            "outputValuePerEmployeeRelativeChange",
                            "人均产值变化 output/employee change",
                            relative("output_value_per_employee")),
                    Table.col(
                            "energyPerWanYuanBefore",
                            "改造前万元产值能耗(tce) energy/10k yuan before",
                            before("energy_per_wan_yuan")),
                    Table.col(
                            "energyPerWanYuanAfter",
                            "改造后万元产值能耗(tce) energy/10k yuan after",
                            after("energy_per_wan_yuan")),
                    Table.ratio(
                            "energyPerWanYuanRelativeChange",
                            "万元产值能耗变化 energy/10k yuan change",
                            relative("energy_per_wan_yuan"))));

    /** The overview: the county first, then one row per town. */
    public static final Table<AreaTotals> OVERVIEW = new Table<>(
            "全县概览 county overview",
            List.of(
                    Table.col("area", "区域 area", a -> a.town() == null ? "全县 county" : a.town()),
                    Table.col("enterprises", "企业数 enterprises", AreaTotals::enterprises),
                    Table.col("aboveScale", "规上企业数 above scale", AreaTotals::aboveScale),
                    Table.col("notStarted", "未启动 not started", a -> a.stages().get(Stage.NOT_STARTED)),
                    Table.col("planned", "已规划 planned", a -> a.stages().get(Stage.PLANNED)),
                    Table.col("inProgress", "实施中 in progress", a -> a.stages().get(Stage.IN_PROGRESS)),
                    Table.col("completed", "已完成 completed", a -> a.stages().get(Stage.COMPLETED)),
                    Table.col("accepted", "已验收 accepted", a -> a.stages().get(Stage.ACCEPTED)),
                    Table.col(
                            "assets", "生产设备数 production assets", a -> a.ledger().assets()),
                    Table.col(
                            "networkedAssets",
                            "联网设备数 networked assets",
                            a -> a.ledger().networked()),
                    Table.ratio(
                            "networkedRate",
                            "设备联网率 networked rate",
                            a -> a.ledger().networkedRate()),
                    Table.col(
                            "numericalControlAssets",
                            "数控设备数 CNC assets",
                            a -> a.ledger().numericalControl()),
                    Table.ratio(
                            "numericalControlRate",
                            "数控化率 CNC rate",
                            a -> a.ledger().numericalControlRate()),
                    Table.col(
                            "keyProcessAssets",
                            "关键工序设备数 key-process assets",
                            a -> a.ledger().keyProcess()),
                    Table.col(
                            "keyProcessNcAssets",
                            "关键工序数控设备数 key-process CNC assets",
                            a -> a.ledger().keyProcessNc()),
                    Table.ratio(
                            "keyProcessNcRate",
                            "关键工序数控化率 key-process CNC rate",
                            a -> a.ledger().keyProcessNcRate()),
                    Table.col(
                            "enterprisesWithoutLedger", "未报台账企业数 without ledger", AreaTotals::enterprisesWithoutLedger),
                    Table.col("investmentWan", "投资额(万元) investment (10k yuan)", a -> num(a.investmentWan())),
                    Table.col("subsidyAppliedWan", "申请补助(万元) subsidy applied", a -> num(a.subsidyAppliedWan())),
                    Table.col("subsidyGrantedWan", "获批补助(万元) subsidy granted", a -> num(a.subsidyGrantedWan()))));

    private static Function<EnterpriseIndicators, Object> before(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).before();
    }

    private static Function<EnterpriseIndicators, Object> after(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).after();
    }

    private static Function<EnterpriseIndicators, Object> coverageBefore(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).beforeCoverage();
    }

    private static Function<EnterpriseIndicators, Object> coverageAfter(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).afterCoverage();
    }

    private static Function<EnterpriseIndicators, Object> change(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).change();
    }

    private static Function<EnterpriseIndicators, Object> relative(String key) {
        return e -> e.beforeAfter() == null ? null : e.beforeAfter().change(key).relativeChange();
    }

    static Double num(BigDecimal b) {
        return b == null ? null : b.doubleValue();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
