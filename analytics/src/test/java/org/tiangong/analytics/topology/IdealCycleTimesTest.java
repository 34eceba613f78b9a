package org.tiangong.analytics.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;

/**
 * The ideal cycle time is effective-dated: a change applies from its time on, OEE of earlier time keeps the value
 * in force then, and a bucket cut by a change is judged part by part. Two machines run 08:00–10:00 making two good
 * parts a minute; the second machine had no ideal cycle time at first.
 */
class IdealCycleTimesTest {

    static Database db;
    static UUID cnc, press;
    static OeeService oee;
    static IdealCycleTimes ideals;

    static Instant local(String t) {
        return OffsetDateTime.parse("2026-11-20T" + t + "+08:00").toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID enterprise = registry.importTopology(new TopologySpec(
                "ICT",
                "理想节拍",
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "一线",
                                List.of(
                                        new TopologySpec.MachineSpec("CNC-01", "加工中心", MachineKind.CNC, "VMC", 15.0),
                                        new TopologySpec.MachineSpec(
                                                "PR-01", "冲床", MachineKind.PRESS, null, null))))))));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        var machines = dir.machines(
                dir.lines(dir.plants(enterprise).get(0).id()).get(0).id());
        cnc = machines.get(0).id();
        press = machines.get(1).id();
        List<Sample> samples = new ArrayList<>();
        for (String code : List.of("CNC-01", "PR-01")) {
            MachineKind kind = code.startsWith("CNC") ? MachineKind.CNC : MachineKind.PRESS;
            Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                    MachinePath.parse("ICT/P1/L1/" + code),
                    kind,
                    Map.of(CanonicalSignal.STATE, "s", CanonicalSignal.PARTS_GOOD, "g"));
            samples.add(Sample.of(ids.get(CanonicalSignal.STATE), local("07:59:00"), 2, 0));
            samples.add(Sample.of(ids.get(CanonicalSignal.STATE), local("10:00:00"), 0, 0));
            Instant t = local("07:59:00");
            for (int minute = 0; minute <= 122; minute++) {
                samples.add(
                        Sample.of(ids.get(CanonicalSignal.PARTS_GOOD), t.plusSeconds(60L * minute), 2.0 * minute, 0));
            }
        }
        new TelemetryWriter(db.dataSource()).write(samples);
        oee = new OeeService(db.dataSource(), Clock.systemUTC());
        ideals = new IdealCycleTimes(db.dataSource());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static OeeReport hours(UUID machine) throws Exception {
        return oee.machineOee(machine, local("08:00:00"), local("10:00:00"), Granularity.HOUR);
    }

    static OeeResult window(UUID machine, String from, String to) throws Exception {
        return oee.machineOee(machine, local(from), local(to), Granularity.DAY).total();
    }

    @Test
    void aChangeAppliesFromItsTimeOnAndPastOeeKeepsTheOldValue() throws Exception {
        OeeReport before = hours(cnc);
        assertThat(before.buckets()).hasSize(2);
        assertThat(before.buckets().get(0).result().idealCycleSeconds()).isEqualTo(15.0);
        double firstHour = before.buckets().get(0).result().performanceRaw();
        assertThat(firstHour).isCloseTo(15.0 * before.buckets().get(0).result().totalCount() / 3600, within(1e-9));

        // from 09:00 the machine's ideal cycle is 20 s; at 09:30 it becomes 25 s
        ideals.set(cnc, local("09:00:00"), 20.0, "test");
        ideals.set(cnc, local("09:30:00"), 25.0, "test");
        OeeReport after = hours(cnc);
        // the first hour is judged as it was
        assertThat(after.buckets().get(0).result())
                .isEqualTo(before.buckets().get(0).result());
        // the second hour: each half by its own ideal cycle time, as the two half-hour windows say
        OeeResult a = window(cnc, "09:00:00", "09:30:00"), b = window(cnc, "09:30:00", "10:00:00");
        assertThat(a.idealCycleSeconds()).isEqualTo(20.0);
        assertThat(b.idealCycleSeconds()).isEqualTo(25.0);
        OeeResult second = after.buckets().get(1).result();
        assertThat(second.performanceRaw())
                .isCloseTo((20.0 * a.totalCount() + 25.0 * b.totalCount()) / second.runSeconds(), within(1e-9));
        assertThat(second.totalCount()).isEqualTo(a.totalCount() + b.totalCount());
        // the total over both hours: Σ ideal × count ÷ Σ run
        OeeResult first = after.buckets().get(0).result();
        assertThat(after.total().performanceRaw())
                .isCloseTo(
                        (15.0 * first.totalCount() + 20.0 * a.totalCount() + 25.0 * b.totalCount())
                                / (first.runSeconds() + second.runSeconds()),
                        within(1e-9));
        // the machine shows the value in force now
        assertThat(new PlantDirectory(db.dataSource())
                        .machine(cnc)
                        .orElseThrow()
                        .idealCycleTimeSeconds())
                .isEqualTo(25.0);
        assertThat(ideals.history(cnc)).extracting(IdealCycleChange::seconds).containsExactly(15.0, 20.0, 25.0);
        assertThat(ideals.history(cnc).get(0).effectiveFrom()).isNull();
    }

    @Test
    void beforeTheFirstValueThePerformanceIsUnknown() throws Exception {
        assertThat(hours(press).total().performance()).isNull();
        ideals.set(press, local("09:00:00"), 20.0, "test");
        OeeReport r = hours(press);
        assertThat(r.buckets().get(0).result().performance()).isNull();
        assertThat(r.buckets().get(1).result().performanceRaw())
                .isCloseTo(20.0 * r.buckets().get(1).result().totalCount() / 3600, within(1e-9));
        // only the time with a known ideal cycle counts for the total's performance (as machines without one in a
        // group)
        assertThat(r.total().performanceRaw())
                .isCloseTo(r.buckets().get(1).result().performanceRaw(), within(1e-9));
        assertThat(r.total().availability()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aPlantFileChangingTheIdealCycleAddsAStepFromNowInsteadOfRewritingThePast() throws Exception {
        UUID m = new TopologyStore(db.dataSource())
                .createMachine(
                        new PlantDirectory(db.dataSource())
                                .machine(cnc)
                                .orElseThrow()
                                .lineId(),
                        "CNC-09",
                        "新机",
                        MachineKind.CNC,
                        null,
                        40.0,
                        null)
                .id();
        assertThat(ideals.history(m)).singleElement().satisfies(c -> {
            assertThat(c.effectiveFrom()).isNull();
            assertThat(c.seconds()).isEqualTo(40.0);
        });
        new org.tiangong.analytics.db.Jdbc(db.dataSource())
                .update("UPDATE machine SET ideal_cycle_time_seconds = 35 WHERE id = ?", m);
        List<IdealCycleChange> steps = ideals.history(m);
        assertThat(steps).extracting(IdealCycleChange::seconds).containsExactly(40.0, 35.0);
        assertThat(steps.get(1).effectiveFrom()).isAfter(Instant.now().minusSeconds(60));
    }
}
