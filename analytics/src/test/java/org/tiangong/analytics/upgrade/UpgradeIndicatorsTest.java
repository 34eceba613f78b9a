package org.tiangong.analytics.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.rollup.RollupJob;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * Hand-worked indicators on a real database. Now is 2026-11-28 12:00 (+08:00). Plants work the default three shifts,
 * so planned production time is the whole day.
 *
 * <p>Enterprise UPA, ledger of six assets, five of them production assets:
 * <pre>
 *  asset    machine  NC  key  telemetry                                   online?
 *  CNC-1    M1       yes yes  Good state 11-28 11:00                      yes
 *  PR-1     M2       no  yes  Good state 11-28 11:30                      yes
 *  CNC-3    M3       yes no   last sample 11-27 11:00 (25 h ago)          no
 *  WELD-4   M4       no  no   Good 11-27 06:00, then only Bad 11-28 11:50 no (a gap marker is not telemetry)
 *  LATHE-5  —        no  yes  not networked                               no
 *  FORK-6   —        no  no   not production equipment (forklift)        not counted
 * </pre>
 * 设备联网率 2/5 = 0.4; 数控化率 2/5 = 0.4; 关键工序数控化率 1/3. Enterprise UPB has no ledger: all three are null.
 */
class UpgradeIndicatorsTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Clock CLOCK = Clock.fixed(local("2026-11-28T12:00"), ZoneOffset.UTC);
    static Database db;
    static UpgradeIndicators indicators;
    static UUID a, b, c;
    static Project p1, p2;

    static Instant local(String t) {
        return OffsetDateTime.parse(t + ":00+08:00").toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        var ds = db.dataSource();
        TopologyRegistry topo = new TopologyRegistry(ds);
        a = topo.importTopology(new TopologySpec(
                "UPA",
                "甲金属 UPA",
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "一线",
                                List.of(
                                        new TopologySpec.MachineSpec("M1", "加工中心", MachineKind.CNC, "VMC", 60.0),
                                        new TopologySpec.MachineSpec("M2", "冲床", MachineKind.PRESS, "J23", 30.0),
                                        new TopologySpec.MachineSpec("M3", "数控车床", MachineKind.CNC, "CK", 40.0),
                                        new TopologySpec.MachineSpec("M4", "焊机", MachineKind.WELDER, "NB", 90.0))))))));
        b = topo.importTopology(new TopologySpec(
                "UPB", "乙金属 UPB", List.of(new TopologySpec.PlantSpec("P1", "一厂", "Asia/Shanghai", List.of()))));
        c = topo.importTopology(new TopologySpec(
                "UPC", "丙金属 UPC", List.of(new TopologySpec.PlantSpec("P1", "一厂", "Asia/Shanghai", List.of()))));
        Map<CanonicalSignal, Integer> m1 = topo.registerSignals(
                MachinePath.parse("UPA/P1/L1/M1"),
                MachineKind.CNC,
                Map.of(
                        CanonicalSignal.STATE,
                        "s1",
                        CanonicalSignal.PARTS_GOOD,
                        "g1",
                        CanonicalSignal.PARTS_SCRAP,
                        "x1",
                        CanonicalSignal.ENERGY,
                        "e1"));
        Map<CanonicalSignal, Integer> m2 = topo.registerSignals(
                MachinePath.parse("UPA/P1/L1/M2"),
                MachineKind.PRESS,
                Map.of(
                        CanonicalSignal.STATE,
                        "s2",
                        CanonicalSignal.PARTS_GOOD,
                        "g2",
                        CanonicalSignal.PARTS_SCRAP,
                        "x2"));
        Map<CanonicalSignal, Integer> m3 = topo.registerSignals(
                MachinePath.parse("UPA/P1/L1/M3"), MachineKind.CNC, Map.of(CanonicalSignal.STATE, "s3"));
        Map<CanonicalSignal, Integer> m4 = topo.registerSignals(
                MachinePath.parse("UPA/P1/L1/M4"), MachineKind.WELDER, Map.of(CanonicalSignal.STATE, "s4"));
        int s1 = m1.get(CanonicalSignal.STATE),
                g1 = m1.get(CanonicalSignal.PARTS_GOOD),
                x1 = m1.get(CanonicalSignal.PARTS_SCRAP),
                e1 = m1.get(CanonicalSignal.ENERGY);
        int s2 = m2.get(CanonicalSignal.STATE),
                g2 = m2.get(CanonicalSignal.PARTS_GOOD),
                x2 = m2.get(CanonicalSignal.PARTS_SCRAP);
        List<Sample> s = new ArrayList<>();
        // M1. Baseline 10-01…10-02: running 00:00–18:00 on 10-01, then idle. Comparison 11-21…11-22: running until
        // 11-22 12:00.
        s.add(Sample.of(s1, local("2026-10-01T00:00"), 2, 0));
        s.add(Sample.of(s1, local("2026-10-01T18:00"), 1, 0));
        s.add(Sample.of(s1, local("2026-10-03T00:00"), 0, 0));
        s.add(Sample.of(s1, local("2026-11-21T00:00"), 2, 0));
        s.add(Sample.of(s1, local("2026-11-22T12:00"), 1, 0));
        s.add(Sample.of(s1, local("2026-11-23T00:00"), 0, 0));
        s.add(Sample.of(s1, local("2026-11-28T11:00"), 0, 0));
        counters(s, g1, 0, 900, 900, 3060); // good: 900 in the baseline, 2 160 in the comparison
        counters(s, x1, 0, 100, 100, 140); // scrap: 100, then 40
        counters(s, e1, 1000, 1450, 1450, 1990); // kWh: 450, then 540
        // M2. Baseline: running all of 10-01, fault all of 10-02. Comparison: running both days.
        s.add(Sample.of(s2, local("2026-10-01T00:00"), 2, 0));
        s.add(Sample.of(s2, local("2026-10-02T00:00"), 4, 0));
        s.add(Sample.of(s2, local("2026-10-03T00:00"), 0, 0));
        s.add(Sample.of(s2, local("2026-11-21T00:00"), 2, 0));
        s.add(Sample.of(s2, local("2026-11-23T00:00"), 0, 0));
        s.add(Sample.of(s2, local("2026-11-28T11:30"), 0, 0));
        counters(s, g2, 0, 2000, 2000, 5510); // good: 2 000, then 3 510
        counters(s, x2, 0, 200, 200, 290); // scrap: 200, then 90
        // M3 silent for 25 h; M4's newest sample is a Bad gap marker (Bad_NoCommunication), its last Good one 30 h old.
        s.add(Sample.of(m3.get(CanonicalSignal.STATE), local("2026-11-27T11:00"), 0, 0));
        s.add(Sample.of(m4.get(CanonicalSignal.STATE), local("2026-11-27T06:00"), 1, 0));
        s.add(Sample.of(m4.get(CanonicalSignal.STATE), local("2026-11-28T11:50"), 0, 0x80310000));
        new TelemetryWriter(ds).write(s);
        new RollupJob(ds, db.engine(), CLOCK).catchUp();

        PlantDirectory dir = new PlantDirectory(ds);
        UUID plantA = dir.plants(a).get(0).id();
        var machines = dir.machines(dir.lines(plantA).get(0).id());
        UUID[] m = new UUID[4];
        for (var x : machines) m[Integer.parseInt(x.code().substring(1)) - 1] = x.id();
        RegistryStore registry = new RegistryStore(ds);
        registry.saveRegistry(
                new Registry(
                        a, null, null, "913307820000000014", "城关镇", "紧固件 fasteners", true, "张三", "13800000000", null),
                null);
        registry.saveRegistry(new Registry(b, null, null, null, "新桥镇", "五金 hardware", true, null, null, null), null);
        registry.saveRegistry(new Registry(c, null, null, null, "城关镇", "五金 hardware", true, null, null, null), null);
        registry.replaceLedger(
                a,
                List.of(
                        asset(plantA, "CNC-1", true, true, true, m[0]),
                        asset(plantA, "PR-1", true, false, true, m[1]),
                        asset(plantA, "CNC-3", true, true, false, m[2]),
                        asset(plantA, "WELD-4", true, false, false, m[3]),
                        asset(plantA, "LATHE-5", true, false, true, null),
                        asset(plantA, "FORK-6", false, false, false, null)));

        ProjectStore projects = new ProjectStore(ds);
        p1 = projects.create(
                project(
                        a,
                        "数字化车间 digital workshop",
                        UpgradeStatus.COMPLETED,
                        LocalDate.parse("2026-11-20"),
                        null,
                        LocalDate.parse("2026-10-01"),
                        LocalDate.parse("2026-10-02")),
                null,
                "test",
                "{}");
        p2 = projects.create(
                project(
                        a,
                        "能源管理 energy management",
                        UpgradeStatus.PLANNED,
                        null,
                        null,
                        LocalDate.parse("2026-06-01"),
                        LocalDate.parse("2026-06-30")),
                null,
                "test",
                "{}");
        projects.create(
                project(
                        c,
                        "机器换人 automation",
                        UpgradeStatus.ACCEPTED,
                        LocalDate.parse("2025-12-20"),
                        LocalDate.parse("2026-01-15"),
                        null,
                        null),
                null,
                "test",
                "{}");
        projects.saveProgramme(new Programme(
                "三年行动 2025–2027",
                LocalDate.parse("2025-01-01"),
                LocalDate.parse("2027-12-31"),
                List.of(
                        new Programme.Target(2025, new BigDecimal("0.2")),
                        new Programme.Target(2026, new BigDecimal("0.5")),
                        new Programme.Target(2027, new BigDecimal("1.0")))));
        new MonthlyFigureStore(ds)
                .upsert(
                        a,
                        List.of(
                                new MonthlyFigure(
                                        YearMonth.of(2026, 10), new BigDecimal("1200"), 100, new BigDecimal("60")),
                                new MonthlyFigure(
                                        YearMonth.of(2026, 11), new BigDecimal("1500"), 100, new BigDecimal("54"))),
                        null);
        indicators = new UpgradeIndicators(ds, new OeeService(ds, CLOCK), CLOCK, ZONE);
    }

    /** Counter readings at the start and end of the baseline's first day, and of the comparison. */
    static void counters(List<Sample> s, int signal, double v1, double v2, double v3, double v4) {
        s.add(Sample.of(signal, local("2026-10-01T00:00"), v1, 0));
        s.add(Sample.of(signal, local("2026-10-01T18:00"), v2, 0));
        s.add(Sample.of(signal, local("2026-11-21T00:00"), v3, 0));
        s.add(Sample.of(signal, local("2026-11-22T12:00"), v4, 0));
    }

    static Asset asset(UUID plant, String code, boolean production, boolean nc, boolean key, UUID machine) {
        return new Asset(null, plant, code, code, "设备 equipment", production, nc, key, 2018, machine);
    }

    static Project project(
            UUID enterprise,
            String name,
            UpgradeStatus status,
            LocalDate end,
            LocalDate accepted,
            LocalDate baseFrom,
            LocalDate baseTo) {
        return new Project(
                null,
                enterprise,
                name,
                null,
                "集成商 integrator",
                new BigDecimal("300"),
                new BigDecimal("60"),
                new BigDecimal("45"),
                null,
                null,
                end == null ? null : end.minusMonths(3),
                end,
                accepted,
                status,
                baseFrom,
                baseTo,
                null,
                null,
                null,
                null);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void ledgerRatesCountOnlyAssetsThatDeliveredGoodTelemetryInTheLast24Hours() throws Exception {
        LedgerCounts l = indicators.ledger(a);
        assertThat(l).isEqualTo(new LedgerCounts(5, 2, 2, 3, 1));
        assertThat(l.networkedRate()).isEqualTo(0.4);
        assertThat(l.numericalControlRate()).isEqualTo(0.4);
        assertThat(l.keyProcessNcRate()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void anEnterpriseWithoutLedgerHasNoRatesNotZero() throws Exception {
        LedgerCounts l = indicators.ledger(b);
        assertThat(l).isEqualTo(LedgerCounts.NONE);
        assertThat(l.networkedRate()).isNull();
        assertThat(l.numericalControlRate()).isNull();
        assertThat(l.keyProcessNcRate()).isNull();
    }

    @Test
    void beforeAndAfterOfACompletedProject() throws Exception {
        BeforeAfter ba = indicators.beforeAfter(p1);
        assertThat(ba.basis()).isEqualTo("after_completion");
        assertThat(ba.comparison().period())
                .isEqualTo(new Period(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-22")));
        // Baseline, 2 × 172 800 s planned. Run: M1 64 800 + M2 86 400 = 151 200 s (42 h).
        // availability 151 200 / 345 600 = 7/16; performance (60·1 000 + 30·2 200) / 151 200 = 126 000 / 151 200 = 5/6;
        // quality 2 900 / 3 200 = 29/32; OEE = 7/16 · 5/6 · 29/32 = 1 015 / 3 072
        TelemetryKpis before = ba.baseline().telemetry();
        assertThat(before.hasData()).isTrue();
        assertThat(before.machines()).isEqualTo(2);
        assertThat(before.coverage()).isCloseTo(1.0, within(1e-9));
        // of the four machines' 4 × 172 800 s planned, only M1's and M2's had data: every figure says so
        assertThat(before.dataCoverage()).isCloseTo(0.5, within(1e-12));
        assertThat(ba.status()).isEqualTo("ok");
        assertThat(ba.change("oee").beforeCoverage()).isCloseTo(0.5, within(1e-12));
        assertThat(ba.change("oee").afterCoverage()).isCloseTo(0.5, within(1e-12));
        // reported: October's 2 of 31 days and November's 2 of 30 are all of each period
        assertThat(ba.change("output_value_per_employee").beforeCoverage()).isEqualTo(1.0);
        assertThat(ba.baseline().reported().outputValueWan().doubleValue()).isCloseTo(1200.0 * 2 / 31, within(1e-9));
        assertThat(before.oee()).isCloseTo(1015.0 / 3072, within(1e-9));
        assertThat(before.outputPerRunHour()).isCloseTo(2900.0 / 42, within(1e-9));
        assertThat(before.scrapRate()).isCloseTo(300.0 / 3200, within(1e-12));
        assertThat(before.kwhPerGoodPart()).isCloseTo(450.0 / 900, within(1e-12)); // only M1 has a meter
        // Comparison: run M1 129 600 + M2 172 800 = 302 400 s (84 h): availability 7/8;
        // performance (60·2 200 + 30·3 600) / 302 400 = 50/63; quality 5 670 / 5 800 = 567/580; OEE = 315/464
        TelemetryKpis after = ba.comparison().telemetry();
        assertThat(after.oee()).isCloseTo(315.0 / 464, within(1e-9));
        assertThat(after.outputPerRunHour()).isCloseTo(67.5, within(1e-9));
        assertThat(after.scrapRate()).isCloseTo(130.0 / 5800, within(1e-12));
        assertThat(after.kwhPerGoodPart()).isCloseTo(0.25, within(1e-12));

        assertThat(ba.change("oee").improved()).isTrue();
        assertThat(ba.change("oee").change()).isCloseTo(315.0 / 464 - 1015.0 / 3072, within(1e-9));
        assertThat(ba.change("output_per_run_hour").improved()).isFalse(); // 69.05 → 67.5 parts/h
        assertThat(ba.change("scrap_rate").improved()).isTrue();
        assertThat(ba.change("kwh_per_good_part").relativeChange()).isCloseTo(-0.5, within(1e-12));
        // reported: October 1 200 万元 / 100 people, 60 tce; November 1 500 / 100, 54 tce
        assertThat(ba.change("output_value_per_employee").before()).isEqualTo(12.0);
        assertThat(ba.change("output_value_per_employee").after()).isEqualTo(15.0);
        assertThat(ba.change("output_value_per_employee").relativeChange()).isCloseTo(0.25, within(1e-12));
        assertThat(ba.change("energy_per_wan_yuan").before()).isCloseTo(0.05, within(1e-12));
        assertThat(ba.change("energy_per_wan_yuan").after()).isCloseTo(0.036, within(1e-12));
        assertThat(ba.change("energy_per_wan_yuan").improved()).isTrue();
    }

    @Test
    void aBaselineWithoutDataSaysNoDataNotZero() throws Exception {
        BeforeAfter ba = indicators.beforeAfter(p2);
        assertThat(ba.basis()).isEqualTo("recent"); // planned: compared with the latest 30 days
        TelemetryKpis before = ba.baseline().telemetry();
        assertThat(before.hasData()).isFalse();
        assertThat(before.oee()).isNull();
        assertThat(before.outputPerRunHour()).isNull();
        assertThat(before.scrapRate()).isNull();
        assertThat(ba.baseline().reported().hasData()).isFalse();
        for (BeforeAfter.Change ch : ba.changes()) {
            assertThat(ch.before()).as(ch.key()).isNull();
            assertThat(ch.change()).as(ch.key()).isNull();
            assertThat(ch.improved()).as(ch.key()).isNull();
        }
        // the comparison (10-29 … 11-27) does have data
        assertThat(ba.comparison().telemetry().hasData()).isTrue();
    }

    /** An in-memory project of UPA (not stored: the ranking's tests keep their projects). */
    static Project planned(
            UpgradeStatus status,
            String actualEnd,
            String baseFrom,
            String baseTo,
            String compareFrom,
            String compareTo) {
        Project p = project(
                a,
                "试算 trial",
                status,
                actualEnd == null ? null : LocalDate.parse(actualEnd),
                null,
                LocalDate.parse(baseFrom),
                LocalDate.parse(baseTo));
        return new Project(
                UUID.randomUUID(),
                a,
                p.name(),
                p.scope(),
                p.vendor(),
                p.investmentWan(),
                p.subsidyAppliedWan(),
                p.subsidyGrantedWan(),
                p.plannedStart(),
                p.plannedEnd(),
                p.actualStart(),
                p.actualEnd(),
                p.acceptedOn(),
                status,
                p.baselineFrom(),
                p.baselineTo(),
                compareFrom == null ? null : LocalDate.parse(compareFrom),
                compareTo == null ? null : LocalDate.parse(compareTo),
                null,
                null);
    }

    /** A set comparison period that starts before the baseline ends is reported as overlapping, not computed. */
    @Test
    void overlappingProjectDatesAreReportedNotComputed() throws Exception {
        BeforeAfter set = indicators.beforeAfter(
                planned(UpgradeStatus.COMPLETED, "2026-11-05", "2026-11-01", "2026-11-10", "2026-11-08", "2026-11-20"));
        assertThat(set.basis()).isEqualTo("set");
        assertThat(set.status()).isEqualTo("overlap");
        assertThat(set.reason()).contains("2026-11-08", "2026-11-10", "overlap");
        assertThat(set.baseline()).isNull();
        assertThat(set.comparison()).isNull();
        for (BeforeAfter.Change ch : set.changes())
            assertThat(ch.before()).as(ch.key()).isNull();
        // completed on 11-05, inside its own baseline (11-01 … 11-10): "after completion" would start on 11-06
        BeforeAfter completed = indicators.beforeAfter(
                planned(UpgradeStatus.COMPLETED, "2026-11-05", "2026-11-01", "2026-11-10", null, null));
        assertThat(completed.basis()).isEqualTo("after_completion");
        assertThat(completed.status()).isEqualTo("overlap");
        assertThat(completed.reason()).contains("2026-11-06", "2026-11-10");
    }

    /**
     * Unfinished, baseline 11-22 … 11-26 (5 days), yesterday 11-27: the latest 5 days would be 11-23 … 11-27, four
     * of them the baseline's; the comparison is 11-27 alone.
     */
    @Test
    void theRecentComparisonOfAnUnfinishedProjectStartsAfterItsBaseline() throws Exception {
        BeforeAfter ba = indicators.beforeAfter(
                planned(UpgradeStatus.IN_PROGRESS, null, "2026-11-22", "2026-11-26", null, null));
        assertThat(ba.basis()).isEqualTo("recent");
        assertThat(ba.status()).isEqualTo("ok");
        assertThat(ba.baseline().period())
                .isEqualTo(new Period(LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-26")));
        assertThat(ba.comparison().period())
                .isEqualTo(new Period(LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-27")));
        // a baseline that runs to yesterday leaves no day to compare
        assertThat(indicators
                        .beforeAfter(planned(UpgradeStatus.IN_PROGRESS, null, "2026-11-20", "2026-11-30", null, null))
                        .status())
                .isEqualTo("pending");
    }

    /**
     * Baseline 10-17 … 11-05, comparison 11-06 … 11-20: November falls in both and is split by days, never counted
     * twice. Baseline: October × 15/31 + November × 5/30 = 18 000/31 + 250 = 25 750/31 万元 over 1 500/31 + 50/3 =
     * 6 050/93 employee-months: 1 545/121 ≈ 12.77 万元 per person and month. Comparison: November × 15/30 = 750 万元
     * over 50 employee-months = 15. Energy per 万元: October 0.05, November 0.036; the baseline's (60·15/31 + 54/6)
     * ÷ 25 750/31 = (900 + 279)/25 750 = 1 179/25 750.
     */
    @Test
    void aMonthStraddlingBothPeriodsIsSplitByDays() throws Exception {
        BeforeAfter ba = indicators.beforeAfter(
                planned(UpgradeStatus.COMPLETED, "2026-11-05", "2026-10-17", "2026-11-05", "2026-11-06", "2026-11-20"));
        assertThat(ba.status()).isEqualTo("ok");
        ReportedKpis before = ba.baseline().reported(), after = ba.comparison().reported();
        assertThat(before.months()).isEqualTo(2);
        assertThat(before.outputValueWan().doubleValue()).isCloseTo(25_750.0 / 31, within(1e-9));
        assertThat(before.employeeMonths()).isCloseTo(6_050.0 / 93, within(1e-9));
        assertThat(before.outputValuePerEmployee()).isCloseTo(1_545.0 / 121, within(1e-12));
        assertThat(before.energyPerWanYuan()).isCloseTo(1_179.0 / 25_750, within(1e-12));
        assertThat(before.dataCoverage()).isEqualTo(1.0);
        assertThat(after.months()).isEqualTo(1);
        assertThat(after.outputValueWan().doubleValue()).isCloseTo(750.0, within(1e-9));
        assertThat(after.employeeMonths()).isCloseTo(50.0, within(1e-9));
        assertThat(after.outputValuePerEmployee()).isCloseTo(15.0, within(1e-12));
        // November's share: 5/30 in the baseline + 15/30 in the comparison, never more than the month
        assertThat(before.employeeMonths() + after.employeeMonths()).isLessThan(100.0 * 15 / 31 + 100.0);
        // a period running past the reported months is covered only in part: 11-21 … 11-27 has November; 12-… none
        assertThat(indicators
                        .kpis(a, new Period(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-12-10")))
                        .reported()
                        .dataCoverage())
                .isCloseTo(10.0 / 20, within(1e-12));
    }

    @Test
    void countyAndTownsAddUpAndTheProgrammeCountsAboveScaleEnterprisesByYear() throws Exception {
        var rows = indicators.enterprises();
        assertThat(rows).extracting(r -> r.registry().code()).containsExactly("UPA", "UPB", "UPC");
        assertThat(rows.get(0).stage()).isEqualTo(Stage.COMPLETED);
        assertThat(rows.get(0).headline().id()).isEqualTo(p1.id());
        assertThat(rows.get(1).stage()).isEqualTo(Stage.NOT_STARTED);
        assertThat(rows.get(1).beforeAfter()).isNull();
        assertThat(rows.get(2).stage()).isEqualTo(Stage.ACCEPTED);
        assertThat(rows.get(2).beforeAfter().basis()).isEqualTo("no_baseline");
        assertThat(rows.get(2).beforeAfter().status()).isEqualTo("no_baseline");

        CountyOverview o = indicators.overview(rows);
        assertThat(o.county().enterprises()).isEqualTo(3);
        assertThat(o.county().ledger()).isEqualTo(new LedgerCounts(5, 2, 2, 3, 1));
        assertThat(o.county().enterprisesWithoutLedger()).isEqualTo(2);
        assertThat(o.county().investmentWan()).isEqualByComparingTo("900");
        assertThat(o.towns()).extracting(AreaTotals::town).containsExactly("城关镇", "新桥镇");
        assertThat(o.towns().get(0).enterprises()).isEqualTo(2);
        assertThat(o.towns().get(0).done()).isEqualTo(2);
        assertThat(o.towns().get(1).ledger().networkedRate()).isNull();

        // 3 above-scale enterprises. 2025: target ⌈0.2·3⌉ = 1; UPC completed 2025-12-20 (accepted only in 2026).
        // 2026: ⌈1.5⌉ = 2; UPA (11-20) and UPC completed, UPC accepted. 2027: ⌈3⌉ = 3, 2 so far.
        ProgrammeProgress p = o.programme();
        assertThat(p.aboveScale()).isEqualTo(3);
        assertThat(p.years())
                .extracting(
                        ProgrammeProgress.Year::year,
                        ProgrammeProgress.Year::targetCount,
                        ProgrammeProgress.Year::completedByYearEnd,
                        ProgrammeProgress.Year::acceptedByYearEnd,
                        ProgrammeProgress.Year::targetMet)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2025, 1, 1, 0, true),
                        org.assertj.core.groups.Tuple.tuple(2026, 2, 2, 1, true),
                        org.assertj.core.groups.Tuple.tuple(2027, 3, 2, 1, false));
        assertThat(p.years().get(1).current()).isTrue();
    }
}
