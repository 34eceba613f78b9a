package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.StorageDialect;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.rollup.RollupJob;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * A generated county for the bureau's views (tests and the bureau benchmark): {@code n} enterprises in ten towns, each
 * with one plant, one line of two machines (state and part counters: a baseline day in October and a comparison day in
 * November), a ledger of three assets and one completed project with that baseline; a programme for 2025–2027.
 */
final class GeneratedCounty {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private GeneratedCounty() {}

    static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    static List<UUID> generate(DataSource ds, StorageDialect engine, java.time.Clock clock, int n) throws Exception {
        return generate(ds, engine, clock, n, true);
    }

    /**
     * With {@code rollUp} false the machine rollups are left out (rolling 2 months of minutes for 1 000 machines takes
     * long on a small machine); the indicators then read the few raw samples instead.
     */
    static List<UUID> generate(DataSource ds, StorageDialect engine, java.time.Clock clock, int n, boolean rollUp)
            throws Exception {
        TopologyRegistry topo = new TopologyRegistry(ds);
        RegistryStore registry = new RegistryStore(ds);
        ProjectStore projects = new ProjectStore(ds);
        PlantDirectory dir = new PlantDirectory(ds);
        TelemetryWriter writer = new TelemetryWriter(ds);
        List<UUID> out = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String code = String.format("GEN%04d", i);
            UUID e = topo.importTopology(new TopologySpec(
                    code,
                    "生成企业 " + code,
                    List.of(new TopologySpec.PlantSpec(
                            "P1",
                            "一厂",
                            "Asia/Shanghai",
                            List.of(new TopologySpec.LineSpec(
                                    "L1",
                                    "一线",
                                    List.of(
                                            new TopologySpec.MachineSpec("M1", "加工中心", MachineKind.CNC, "VMC", 60.0),
                                            new TopologySpec.MachineSpec(
                                                    "M2", "冲床", MachineKind.PRESS, "J23", 30.0))))))));
            out.add(e);
            UUID plant = dir.plants(e).get(0).id();
            var machines = dir.machines(dir.lines(plant).get(0).id());
            List<Asset> assets = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                Map<CanonicalSignal, Integer> ids = topo.registerSignals(
                        MachinePath.parse(code + "/P1/L1/M" + (m + 1)),
                        m == 0 ? MachineKind.CNC : MachineKind.PRESS,
                        Map.of(
                                CanonicalSignal.STATE,
                                "s",
                                CanonicalSignal.PARTS_GOOD,
                                "g",
                                CanonicalSignal.PARTS_SCRAP,
                                "x"));
                int s = ids.get(CanonicalSignal.STATE);
                samples.add(Sample.of(s, local("2026-10-01T00:00"), 2, 0));
                samples.add(Sample.of(s, local("2026-10-01T12:00"), 1, 0));
                samples.add(Sample.of(s, local("2026-10-02T00:00"), 0, 0));
                samples.add(Sample.of(s, local("2026-11-21T00:00"), 2, 0));
                samples.add(Sample.of(s, local("2026-11-21T20:00"), 1, 0));
                samples.add(Sample.of(s, local("2026-11-22T00:00"), 0, 0));
                counters(samples, ids.get(CanonicalSignal.PARTS_GOOD), 500 + i, 1100 + 3 * i);
                counters(samples, ids.get(CanonicalSignal.PARTS_SCRAP), 50, 40 + i % 7);
                assets.add(new Asset(
                        null,
                        plant,
                        "A" + m,
                        "设备 " + m,
                        "设备 equipment",
                        true,
                        m == 0,
                        true,
                        2018,
                        machines.get(m).id()));
            }
            assets.add(new Asset(null, plant, "A2", "设备 2", "设备 equipment", true, false, false, 2015, null));
            registry.saveRegistry(
                    new Registry(e, null, null, null, "镇" + (i % 10), "五金 hardware", i % 3 != 0, null, null, null),
                    null);
            registry.replaceLedger(e, assets);
            projects.create(
                    new Project(
                            null,
                            e,
                            "数字化车间 " + code,
                            null,
                            "集成商 integrator",
                            new BigDecimal("300"),
                            new BigDecimal("60"),
                            new BigDecimal("45"),
                            null,
                            null,
                            LocalDate.parse("2026-08-01"),
                            LocalDate.parse("2026-11-01"),
                            null,
                            i % 2 == 0 ? UpgradeStatus.COMPLETED : UpgradeStatus.IN_PROGRESS,
                            LocalDate.parse("2026-10-01"),
                            LocalDate.parse("2026-10-01"),
                            null,
                            null,
                            null,
                            null),
                    null,
                    "generator",
                    "{}");
            if (samples.size() > 20_000) {
                writer.write(samples);
                samples.clear();
            }
        }
        writer.write(samples);
        projects.saveProgramme(new Programme(
                "三年行动 2025–2027",
                LocalDate.parse("2025-01-01"),
                LocalDate.parse("2027-12-31"),
                List.of(
                        new Programme.Target(2025, new BigDecimal("0.2")),
                        new Programme.Target(2026, new BigDecimal("0.5")),
                        new Programme.Target(2027, new BigDecimal("1.0")))));
        if (rollUp) new RollupJob(ds, engine, clock).catchUp();
        return out;
    }

    /** A counter's baseline-day and comparison-day deltas. */
    private static void counters(List<Sample> s, int signal, double baseline, double comparison) {
        s.add(Sample.of(signal, local("2026-10-01T00:00"), 0, 0));
        s.add(Sample.of(signal, local("2026-10-01T12:00"), baseline, 0));
        s.add(Sample.of(signal, local("2026-11-21T00:00"), baseline, 0));
        s.add(Sample.of(signal, local("2026-11-21T20:00"), baseline + comparison, 0));
    }
}
