package org.tiangong.api.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.analytics.upgrade.Asset;
import org.tiangong.analytics.upgrade.CreditCode;
import org.tiangong.analytics.upgrade.MonthlyFigure;
import org.tiangong.analytics.upgrade.MonthlyFigureStore;
import org.tiangong.analytics.upgrade.Programme;
import org.tiangong.analytics.upgrade.Project;
import org.tiangong.analytics.upgrade.ProjectStore;
import org.tiangong.analytics.upgrade.Registry;
import org.tiangong.analytics.upgrade.RegistryStore;
import org.tiangong.analytics.upgrade.UpgradeStatus;
import org.tiangong.api.PlatformServices;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The demo county's enterprises (演示县): registries, ledgers, upgrade projects at every stage, six months of
 * figures, the demo plant's own registry and project, the programme, and the calendars of the story
 * ({@link DemoCalendars}). {@link CountyDemo} writes their telemetry.
 */
final class CountySeed {

    static final ZoneId ZONE = PlatformServices.COUNTY_ZONE;

    /** Each county machine's signal ids, and from which day a completed enterprise's machines run better. */
    record Seeded(Map<MachinePath, Map<CanonicalSignal, Integer>> signals, Map<MachinePath, LocalDate> improvedFrom) {}

    /** code, name, town, segment, above scale, stage, networked machines, unlinked assets, NC share of the unlinked. */
    record Company(
            String code,
            String name,
            String town,
            String segment,
            boolean aboveScale,
            UpgradeStatus stage,
            int machines,
            int unlinked,
            int employees) {}

    static final List<Company> COMPANIES = List.of(
            new Company(
                    "HD-METAL", "浙江恒达五金有限公司", "城关镇", "五金工具 hardware tools", true, UpgradeStatus.ACCEPTED, 4, 2, 180),
            new Company("XF-FAST", "新丰紧固件股份有限公司", "城关镇", "紧固件 fasteners", true, UpgradeStatus.COMPLETED, 4, 3, 240),
            new Company(
                    "LY-STEEL", "龙云钢结构有限公司", "新桥镇", "钢结构 steel structures", true, UpgradeStatus.COMPLETED, 3, 3, 150),
            new Company("JC-DOOR", "金城门业有限公司", "新桥镇", "金属门窗 metal doors", true, UpgradeStatus.IN_PROGRESS, 2, 4, 130),
            new Company("TS-PIPE", "天顺管业有限公司", "白石街道", "金属管材 pipes", true, UpgradeStatus.IN_PROGRESS, 2, 5, 210),
            new Company("HX-SPRING", "华兴弹簧有限公司", "白石街道", "弹簧 springs", true, UpgradeStatus.PLANNED, 1, 5, 90),
            new Company(
                    "MS-CAST", "明晟精密铸造有限公司", "城关镇", "精密铸造 precision casting", true, UpgradeStatus.PLANNED, 1, 6, 160),
            new Company("YF-TOOLS", "永丰工具厂", "新桥镇", "五金工具 hardware tools", false, null, 0, 6, 45),
            new Company("DX-WIRE", "东兴金属制品有限公司", "白石街道", "金属丝绳 wire", true, null, 1, 5, 120),
            new Company("RT-CHAIN", "瑞泰链条有限公司", "城关镇", "链条 chains", false, null, 0, 0, 38),
            new Company("GY-PARTS", "广宇汽配有限公司", "新桥镇", "汽车零部件 auto parts", true, UpgradeStatus.IN_PROGRESS, 3, 2, 200));

    private final Database database;
    private final int historyDays;

    CountySeed(Database database, int historyDays) {
        this.database = database;
        this.historyDays = historyDays;
    }

    /**
     * Seeds the county once (a restarted demo keeps what is there, and its completion dates); registers every county
     * machine's signals and the calendars of the story, whether fresh or not.
     */
    Seeded seed(UUID demoEnterprise, PlantDefinition demoPlant) throws Exception {
        Map<MachinePath, Map<CanonicalSignal, Integer>> signals = new HashMap<>();
        Map<MachinePath, LocalDate> improvedFrom = new HashMap<>();
        DemoCalendars calendars =
                new DemoCalendars(new CalendarStore(database.dataSource()), new PlantDirectory(database.dataSource()));
        if (demoPlant != null) calendars.demoPlant(demoEnterprise, demoPlant);
        var ds = database.dataSource();
        RegistryStore registry = new RegistryStore(ds);
        ProjectStore projects = new ProjectStore(ds);
        MonthlyFigureStore figures = new MonthlyFigureStore(ds);
        TopologyRegistry topology = new TopologyRegistry(ds);
        PlantDirectory dir = new PlantDirectory(ds);
        LocalDate today = LocalDate.now(ZONE);
        boolean fresh = registry.registry(demoEnterprise)
                .map(r -> r.creditCode() == null)
                .orElse(true);
        for (int i = 0; i < COMPANIES.size(); i++) {
            Company co = COMPANIES.get(i);
            List<TopologySpec.MachineSpec> specs = new ArrayList<>();
            for (int m = 1; m <= co.machines(); m++) {
                MachineKind kind = MachineKind.values()[(i + m) % 3];
                specs.add(new TopologySpec.MachineSpec(
                        "M" + m,
                        kind.label().split(" ")[0] + " " + m,
                        kind,
                        "STD-" + kind.code(),
                        kind == MachineKind.PRESS ? 4.0 : kind == MachineKind.CNC ? 45.0 : 30.0));
            }
            UUID e = topology.importTopology(new TopologySpec(
                    co.code(),
                    co.name(),
                    List.of(new TopologySpec.PlantSpec(
                            "P1",
                            "一厂 plant 1",
                            ZONE.getId(),
                            specs.isEmpty()
                                    ? List.of()
                                    : List.of(new TopologySpec.LineSpec("L1", "一线 line 1", specs))))));
            // a restarted demo keeps the completion dates it stored at its first start
            LocalDate completed = fresh
                    ? (co.stage() != null && co.stage().done() ? today.minusDays(35 + 10L * (i % 2)) : null)
                    : projects.projects(e).stream()
                            .map(Project::actualEnd)
                            .filter(java.util.Objects::nonNull)
                            .max(LocalDate::compareTo)
                            .orElse(null);
            for (TopologySpec.MachineSpec m : specs) {
                MachinePath path = MachinePath.parse(co.code() + "/P1/L1/" + m.code());
                Map<CanonicalSignal, String> nodes = new EnumMap<>(CanonicalSignal.class);
                for (CanonicalSignal s : List.of(
                        CanonicalSignal.STATE,
                        CanonicalSignal.PARTS_GOOD,
                        CanonicalSignal.PARTS_SCRAP,
                        CanonicalSignal.ENERGY)) {
                    nodes.put(s, "county:" + path + "/" + s.name().toLowerCase());
                }
                signals.put(path, topology.registerSignals(path, m.kind(), nodes));
                if (completed != null) improvedFrom.put(path, completed);
            }
            if (!specs.isEmpty()) calendars.countyPlant(dir.plants(e).get(0).id());
            if (!fresh) continue;
            UUID plant = dir.plants(e).get(0).id();
            registry.saveRegistry(
                    new Registry(
                            e,
                            null,
                            null,
                            creditCode(i),
                            co.town(),
                            co.segment(),
                            co.aboveScale(),
                            "联系人 " + (i + 1),
                            "0579-8" + (1000000 + i * 7919),
                            null),
                    null);
            List<Asset> ledger = new ArrayList<>();
            if (!specs.isEmpty()) {
                for (Machine m : dir.machines(dir.lines(plant).get(0).id())) {
                    ledger.add(new Asset(
                            null,
                            plant,
                            "ZC-" + m.code(),
                            m.name(),
                            m.kind().label(),
                            true,
                            m.kind() != MachineKind.WELDER,
                            true,
                            2019 + (ledger.size() % 4),
                            m.id()));
                }
            }
            for (int k = 0; k < co.unlinked(); k++) {
                boolean nc = k % 3 == 0;
                ledger.add(new Asset(
                        null,
                        plant,
                        "ZC-" + (100 + k),
                        nc ? "数控车床 CNC lathe" : "普通冲床 manual press",
                        nc ? "数控车床" : "冲床",
                        true,
                        nc,
                        k % 2 == 0,
                        2008 + k,
                        null));
            }
            if (co.unlinked() > 0)
                ledger.add(new Asset(
                        null, plant, "ZC-900", "叉车 forklift", "物流 logistics", false, false, false, 2016, null));
            registry.replaceLedger(e, ledger);
            if (co.stage() != null) {
                Project p = projects.create(
                        new Project(
                                null,
                                e,
                                "数字化车间改造 digital workshop",
                                "设备联网、MES、能源监测",
                                "示例集成商 Demo Integrator",
                                new BigDecimal(200 + 40 * i),
                                new BigDecimal(40 + 8 * i),
                                co.stage().done() ? new BigDecimal(30 + 6 * i) : null,
                                today.minusDays(150),
                                today.minusDays(40),
                                null,
                                null,
                                null,
                                UpgradeStatus.PLANNED,
                                today.minusDays(85),
                                today.minusDays(56),
                                null,
                                null,
                                null,
                                null),
                        null,
                        "demo",
                        "{\"seed\": true}");
                Project cur = p;
                for (UpgradeStatus s :
                        List.of(UpgradeStatus.IN_PROGRESS, UpgradeStatus.COMPLETED, UpgradeStatus.ACCEPTED)) {
                    if (co.stage().compareTo(s) < 0) break;
                    LocalDate start = today.minusDays(120);
                    Project next = new Project(
                            cur.id(),
                            e,
                            cur.name(),
                            cur.scope(),
                            cur.vendor(),
                            cur.investmentWan(),
                            cur.subsidyAppliedWan(),
                            cur.subsidyGrantedWan(),
                            cur.plannedStart(),
                            cur.plannedEnd(),
                            start,
                            s.done() ? completed : null,
                            s == UpgradeStatus.ACCEPTED ? completed.plusDays(20) : null,
                            s,
                            cur.baselineFrom(),
                            cur.baselineTo(),
                            null,
                            null,
                            null,
                            null);
                    cur = projects.update(cur, next, null, "demo", "{\"status\": \"" + s.key() + "\"}");
                }
            }
            List<MonthlyFigure> months = new ArrayList<>();
            Random r = new Random(i);
            for (int k = 6; k >= 1; k--) {
                YearMonth ym = YearMonth.from(today).minusMonths(k);
                boolean after = completed != null && !ym.atDay(1).isBefore(completed);
                double perHead = (after ? 12.5 : 10.5) + r.nextDouble();
                double output = perHead * co.employees();
                double energy = output * (after ? 0.042 : 0.055);
                months.add(new MonthlyFigure(
                        ym,
                        BigDecimal.valueOf(output).setScale(2, RoundingMode.HALF_UP),
                        co.employees(),
                        BigDecimal.valueOf(energy).setScale(3, RoundingMode.HALF_UP)));
            }
            figures.upsert(e, months, null);
        }
        if (fresh) {
            // the demo plant itself: registered, its collected machines in the ledger, an upgrade in progress
            UUID plant = dir.plants(demoEnterprise).get(0).id();
            registry.saveRegistry(
                    new Registry(
                            demoEnterprise,
                            null,
                            null,
                            creditCode(99),
                            "城关镇",
                            "精密金属件 precision metal parts",
                            true,
                            "厂长 plant manager",
                            "0579-88880000",
                            null),
                    null);
            List<Asset> ledger = new ArrayList<>();
            for (var line : dir.lines(plant)) {
                for (Machine m : dir.machines(line.id())) {
                    ledger.add(new Asset(
                            null,
                            plant,
                            "JH-" + line.code() + "-" + m.code(),
                            m.name(),
                            m.kind().label(),
                            true,
                            m.kind() == MachineKind.CNC || m.kind() == MachineKind.PRESS,
                            m.kind() != MachineKind.FURNACE,
                            2020,
                            m.id()));
                }
            }
            ledger.add(new Asset(null, plant, "JH-OLD-1", "普通车床 manual lathe", "车床", true, false, true, 2009, null));
            registry.replaceLedger(demoEnterprise, ledger);
            Project p = projects.create(
                    new Project(
                            null,
                            demoEnterprise,
                            "智能工厂一期 smart factory phase 1",
                            "OPC UA 联网、OEE、能耗管理",
                            "示例设备供应商 Demo Equipment Co.",
                            new BigDecimal("560"),
                            new BigDecimal("110"),
                            null,
                            today.minusDays(60),
                            today.plusDays(60),
                            null,
                            null,
                            null,
                            UpgradeStatus.PLANNED,
                            today.minusDays(Math.max(2, Math.min(historyDays, 60))),
                            today.minusDays(Math.max(2, Math.min(historyDays, 60)) / 2 + 1),
                            null,
                            null,
                            null,
                            null),
                    null,
                    "demo",
                    "{\"seed\": true}");
            projects.update(
                    p,
                    new Project(
                            p.id(),
                            demoEnterprise,
                            p.name(),
                            p.scope(),
                            p.vendor(),
                            p.investmentWan(),
                            p.subsidyAppliedWan(),
                            null,
                            p.plannedStart(),
                            p.plannedEnd(),
                            today.minusDays(20),
                            null,
                            null,
                            UpgradeStatus.IN_PROGRESS,
                            p.baselineFrom(),
                            p.baselineTo(),
                            null,
                            null,
                            null,
                            null),
                    null,
                    "demo",
                    "{\"status\": \"in_progress\"}");
            projects.saveProgramme(new Programme(
                    "县制造业智能化改造三年行动 three-year programme",
                    LocalDate.of(today.getYear() - 1, 1, 1),
                    LocalDate.of(today.getYear() + 1, 12, 31),
                    List.of(
                            new Programme.Target(today.getYear() - 1, new BigDecimal("0.2")),
                            new Programme.Target(today.getYear(), new BigDecimal("0.5")),
                            new Programme.Target(today.getYear() + 1, BigDecimal.ONE))));
        }
        return new Seeded(signals, improvedFrom);
    }

    /** A valid 统一社会信用代码 for the county's division code 330782 (check character computed). */
    private static String creditCode(int i) {
        String first17 = "91330782" + "MA2" + String.format("%06d", 104729L * (i + 3) % 1_000_000);
        return first17 + CreditCode.checkCharacter(first17);
    }
}
