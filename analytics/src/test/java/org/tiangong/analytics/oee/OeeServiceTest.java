package org.tiangong.analytics.oee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.losses.LossService;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.rollup.RollupSums;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/** The worked example of docs/metrics.md, stored as telemetry and computed by the service on the real database. */
class OeeServiceTest {

    static Database db;
    static UUID machineId, lateMachineId, liveMachineId;
    static OeeService service;
    static LossService losses;

    static Instant local(String t) {
        return OffsetDateTime.parse(t + "+08:00").toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID enterprise = registry.importTopology(new TopologySpec(
                "OEE",
                "OEE 测试",
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "一线",
                                List.of(
                                        new TopologySpec.MachineSpec("CNC-01", "加工中心", MachineKind.CNC, "VMC", 30.0),
                                        new TopologySpec.MachineSpec("CNC-02", "加工中心 2", MachineKind.CNC, "VMC", 30.0),
                                        new TopologySpec.MachineSpec(
                                                "CNC-03", "加工中心 3", MachineKind.CNC, "VMC", 30.0))))))));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID plant = dir.plants(enterprise).get(0).id();
        for (var m : dir.machines(dir.lines(plant).get(0).id())) {
            if (m.code().equals("CNC-01")) machineId = m.id();
            else if (m.code().equals("CNC-02")) lateMachineId = m.id();
            else liveMachineId = m.id();
        }
        CalendarStore calendars = new CalendarStore(db.dataSource());
        calendars.setShifts(plant, List.of(new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0))));
        calendars.addBreak(plant, LocalTime.of(11, 30), LocalTime.of(12, 0), "午休 lunch");
        calendars.addPlannedStop(plant, local("2026-11-28T14:00:00"), local("2026-11-28T15:00:00"), "计划保养");

        Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                MachinePath.parse("OEE/P1/L1/CNC-01"),
                MachineKind.CNC,
                Map.of(
                        CanonicalSignal.STATE,
                        "s",
                        CanonicalSignal.PARTS_GOOD,
                        "g",
                        CanonicalSignal.PARTS_SCRAP,
                        "x",
                        CanonicalSignal.POWER,
                        "p",
                        CanonicalSignal.ALARM_CODE,
                        "a",
                        CanonicalSignal.ENERGY,
                        "e"));
        int state = ids.get(CanonicalSignal.STATE),
                good = ids.get(CanonicalSignal.PARTS_GOOD),
                scrap = ids.get(CanonicalSignal.PARTS_SCRAP);
        List<Sample> s = new ArrayList<>();
        s.add(Sample.of(state, local("2026-11-28T07:50:00"), 2, 0));
        s.add(Sample.of(state, local("2026-11-28T10:00:00"), 1, 0));
        s.add(Sample.of(state, local("2026-11-28T10:05:00"), 2, 0));
        s.add(Sample.of(state, local("2026-11-28T14:00:00"), 1, 0));
        s.add(Sample.of(state, local("2026-11-28T15:00:00"), 4, 0));
        s.add(Sample.of(state, local("2026-11-28T15:30:00"), 2, 0));
        // good: 1000 before the shift; +300; +10 during lunch (not planned: not counted); +190; a reset to 0 (+0); +150
        // → 640
        s.add(Sample.of(good, local("2026-11-28T07:59:00"), 1000, 0));
        s.add(Sample.of(good, local("2026-11-28T09:00:00"), 1300, 0));
        s.add(Sample.of(good, local("2026-11-28T11:45:00"), 1310, 0));
        s.add(Sample.of(good, local("2026-11-28T13:00:00"), 1500, 0));
        s.add(Sample.of(good, local("2026-11-28T13:30:00"), 99_999, 0x80000000)); // Bad: ignored
        s.add(Sample.of(good, local("2026-11-28T15:45:00"), 0, 0));
        s.add(Sample.of(good, local("2026-11-28T15:50:00"), 150, 0));
        // scrap: 50 before; +10; +10 → 20
        s.add(Sample.of(scrap, local("2026-11-28T07:59:00"), 50, 0));
        s.add(Sample.of(scrap, local("2026-11-28T10:30:00"), 60, 0));
        s.add(Sample.of(scrap, local("2026-11-28T15:55:00"), 70, 0));
        // alarm 1002 (tool breakage) raised with the fault at 15:00, cleared at 15:30
        s.add(Sample.of(ids.get(CanonicalSignal.ALARM_CODE), local("2026-11-28T07:00:00"), 0, 0));
        s.add(Sample.of(ids.get(CanonicalSignal.ALARM_CODE), local("2026-11-28T15:00:00"), 1002, 0));
        s.add(Sample.of(ids.get(CanonicalSignal.ALARM_CODE), local("2026-11-28T15:30:00"), 0, 0));
        // energy meter: 100 before; +10 while running; +0.5 while idle; +19.5 in the fault; +1 running → 31 kWh
        int energy = ids.get(CanonicalSignal.ENERGY);
        s.add(Sample.of(energy, local("2026-11-28T07:59:00"), 100.0, 0));
        s.add(Sample.of(energy, local("2026-11-28T09:00:00"), 110.0, 0));
        s.add(Sample.of(energy, local("2026-11-28T10:02:00"), 110.5, 0));
        s.add(Sample.of(energy, local("2026-11-28T15:10:00"), 130.0, 0));
        s.add(Sample.of(energy, local("2026-11-28T15:45:00"), 131.0, 0));
        // the machine still reports at the end of the shift
        s.add(Sample.of(ids.get(CanonicalSignal.POWER), local("2026-11-28T16:00:00"), 3.5, 0));
        // CNC-02 is connected on 11-27 at 13:00, in the middle of the morning shift: running until 15:00 (200 good
        // parts), then idle; its last sample is at 16:00
        Map<CanonicalSignal, Integer> late = registry.registerSignals(
                MachinePath.parse("OEE/P1/L1/CNC-02"),
                MachineKind.CNC,
                Map.of(CanonicalSignal.STATE, "s2", CanonicalSignal.PARTS_GOOD, "g2", CanonicalSignal.POWER, "p2"));
        s.add(Sample.of(late.get(CanonicalSignal.STATE), local("2026-11-27T13:00:00"), 2, 0));
        s.add(Sample.of(late.get(CanonicalSignal.STATE), local("2026-11-27T15:00:00"), 1, 0));
        s.add(Sample.of(late.get(CanonicalSignal.PARTS_GOOD), local("2026-11-27T13:00:00"), 0, 0));
        s.add(Sample.of(late.get(CanonicalSignal.PARTS_GOOD), local("2026-11-27T15:00:00"), 200, 0));
        s.add(Sample.of(late.get(CanonicalSignal.POWER), local("2026-11-27T16:00:00"), 1.0, 0));
        // CNC-03 runs from 11-26 08:00; its newest sample is at 10:00:00
        int live = registry.registerSignals(
                        MachinePath.parse("OEE/P1/L1/CNC-03"), MachineKind.CNC, Map.of(CanonicalSignal.STATE, "s3"))
                .get(CanonicalSignal.STATE);
        s.add(Sample.of(live, local("2026-11-26T08:00:00"), 2, 0));
        s.add(Sample.of(live, local("2026-11-26T10:00:00"), 2, 0));
        new TelemetryWriter(db.dataSource()).write(s);
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        service = new OeeService(db.dataSource(), clock);
        losses = new LossService(db.dataSource(), clock, new RollupSums(db.dataSource()));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void theWorkedExampleFromStoredTelemetry() throws Exception {
        OeeReport report = service.machineOee(
                machineId, local("2026-11-28T00:00:00"), local("2026-11-29T00:00:00"), Granularity.SHIFT);
        assertThat(report.buckets()).singleElement().satisfies(b -> {
            assertThat(b.label()).isEqualTo("2026-11-28 早班 morning");
            assertThat(b.range()).isEqualTo(new TimeRange(local("2026-11-28T08:00:00"), local("2026-11-28T16:00:00")));
        });
        OeeResult r = report.buckets().get(0).result();
        assertThat(r.plannedProductionSeconds()).isEqualTo(23_400.0);
        assertThat(r.runSeconds()).isEqualTo(21_300.0);
        assertThat(r.goodCount()).isEqualTo(640.0);
        assertThat(r.scrapCount()).isEqualTo(20.0);
        assertThat(r.oee()).isCloseTo(32.0 / 39, within(1e-12));
        assertThat(r.dataCoverage()).isCloseTo(1.0, within(1e-12)); // it reported all shift long
        assertThat(report.total().oee()).isCloseTo(32.0 / 39, within(1e-12));
    }

    /**
     * CNC-02 connected at 13:00 on 11-27 (no planned stop that day): planned 08:00–16:00 less lunch = 27 000 s, with
     * data 13:00–16:00 = 10 800 s (coverage 0.4), run 7 200 s. Availability = 7 200 ÷ 10 800 = 2/3 (not 7 200 ÷
     * 27 000 = 0.27, which charged the five hours before its first sample as losses); performance 30 · 200 ÷ 7 200 =
     * 5/6; quality 1; OEE 5/9.
     */
    @Test
    void aMachineConnectedMidShiftIsJudgedOnTheTimeItReported() throws Exception {
        OeeReport report = service.machineOee(
                lateMachineId, local("2026-11-27T00:00:00"), local("2026-11-28T00:00:00"), Granularity.SHIFT);
        OeeResult r = report.buckets().get(0).result();
        assertThat(r.plannedProductionSeconds()).isEqualTo(27_000.0);
        assertThat(r.plannedWithDataSeconds()).isCloseTo(10_800.0, within(1e-6));
        assertThat(r.dataCoverage()).isCloseTo(0.4, within(1e-12));
        assertThat(r.runSeconds()).isCloseTo(7_200.0, within(1e-6));
        assertThat(r.availability()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.performance()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(r.oee()).isCloseTo(5.0 / 9, within(1e-12));
        // the line: CNC-01 had no data on 11-27 at all, so it adds planned time but neither data nor losses
        OeeResult line = service.groupOee(
                        List.of(machineId, lateMachineId),
                        local("2026-11-27T00:00:00"),
                        local("2026-11-28T00:00:00"),
                        Granularity.SHIFT)
                .total();
        assertThat(line.plannedProductionSeconds()).isEqualTo(54_000.0);
        assertThat(line.dataCoverage()).isCloseTo(0.2, within(1e-12));
        assertThat(line.availability()).isCloseTo(2.0 / 3, within(1e-12));
    }

    /**
     * The board at 10:00:30 on 11-26: CNC-03's newest sample is 30 s old. While it counts as live (stale after 2
     * minutes) those 30 s are still in flight, not a gap: 7 200 s planned so far, all with data. Once it counts as
     * silent (stale after 10 s) they are planned time without data: coverage 7 200 ÷ 7 230.
     */
    @Test
    void secondsInFlightFromALiveMachineAreNotAGap() throws Exception {
        Clock at = Clock.fixed(local("2026-11-26T10:00:30"), ZoneOffset.UTC);
        var board =
                new org.tiangong.analytics.andon.AndonBoard(db.dataSource(), at, new OeeService(db.dataSource(), at));
        OeeResult live = board.status(liveMachineId, java.time.Duration.ofMinutes(2))
                .shift()
                .result();
        assertThat(live.plannedProductionSeconds()).isEqualTo(7_200.0);
        assertThat(live.dataCoverage()).isCloseTo(1.0, within(1e-12));
        assertThat(live.availability()).isCloseTo(1.0, within(1e-12));
        OeeResult silent = board.status(liveMachineId, java.time.Duration.ofSeconds(10))
                .shift()
                .result();
        assertThat(silent.plannedProductionSeconds()).isEqualTo(7_230.0);
        assertThat(silent.dataCoverage()).isCloseTo(7_200.0 / 7_230, within(1e-12));
        assertThat(silent.availability()).isCloseTo(1.0, within(1e-12));
    }

    /**
     * The Andon board at 15:30 on 11-27: so far 08:00–15:30 less lunch = 25 200 s planned, with data 13:00–15:30 =
     * 9 000 s (coverage 5/14), run 7 200 s: availability 0.8, OEE 0.8 · 5/6 = 2/3.
     */
    @Test
    void theBoardsShiftOeeOfAMachineConnectedMidShiftCarriesItsCoverage() throws Exception {
        Clock at = Clock.fixed(local("2026-11-27T15:30:00"), ZoneOffset.UTC);
        var board =
                new org.tiangong.analytics.andon.AndonBoard(db.dataSource(), at, new OeeService(db.dataSource(), at));
        OeeResult shift = board.status(lateMachineId, java.time.Duration.ofDays(30))
                .shift()
                .result();
        assertThat(shift.plannedProductionSeconds()).isEqualTo(25_200.0);
        assertThat(shift.dataCoverage()).isCloseTo(9_000.0 / 25_200, within(1e-12));
        assertThat(shift.availability()).isCloseTo(0.8, within(1e-12));
        assertThat(shift.oee()).isCloseTo(2.0 / 3, within(1e-12));
    }

    /**
     * Stops inside planned time: idle 10:00–10:05 (300 s) and the fault 15:00–15:30 (1 800 s, alarm 1002); the idle
     * 14:00–15:00 lies in the planned stop and is not downtime. Pareto: fault 1 800 s (share 1 800/2 100), then idle.
     * MTBF = run 21 300 s ÷ 1 failure; MTTR = 1 800 s. With a 10-minute micro-stop threshold the idle is a micro-stop.
     */
    @Test
    void downtimeByReasonWithMicroStopsApart() throws Exception {
        var d = losses.downtime(
                machineId, local("2026-11-28T00:00:00"), local("2026-11-29T00:00:00"), java.time.Duration.ofMinutes(2));
        assertThat(d.reasons()).extracting(r -> r.reason()).containsExactly("刀具破损 tool breakage", "待机 idle");
        assertThat(d.reasons().get(0).seconds()).isEqualTo(1800.0);
        assertThat(d.reasons().get(0).cumulativeShare()).isCloseTo(1800.0 / 2100, within(1e-12));
        assertThat(d.reasons().get(1).cumulativeShare()).isEqualTo(1.0);
        assertThat(d.failures()).isEqualTo(1);
        assertThat(d.mtbfSeconds()).isEqualTo(21_300.0);
        assertThat(d.mttrSeconds()).isEqualTo(1800.0);
        var tenMinutes = losses.downtime(
                machineId,
                local("2026-11-28T00:00:00"),
                local("2026-11-29T00:00:00"),
                java.time.Duration.ofMinutes(10));
        assertThat(tenMinutes.reasons()).extracting(r -> r.reason()).containsExactly("刀具破损 tool breakage");
        assertThat(tenMinutes.microStops()).isEqualTo(1);
        assertThat(tenMinutes.microStopSeconds()).isEqualTo(300.0);
    }

    @Test
    void aFaultWhoseAlarmIsMarkedPlannedIsDowntimeButNotAFailure() throws Exception {
        var reasons = new org.tiangong.analytics.losses.ReasonStore(db.dataSource());
        reasons.put(1002, "计划换刀 scheduled tool change", true);
        try {
            var d = losses.downtime(
                    machineId,
                    local("2026-11-28T00:00:00"),
                    local("2026-11-29T00:00:00"),
                    java.time.Duration.ofMinutes(2));
            assertThat(d.reasons().get(0).reason()).isEqualTo("计划换刀 scheduled tool change");
            assertThat(d.reasons().get(0).planned()).isTrue();
            assertThat(d.failures()).isZero();
            assertThat(d.mtbfSeconds()).isNull();
        } finally {
            reasons.put(1002, "刀具破损 tool breakage", false);
        }
    }

    /**
     * 31 kWh in the window, each meter delta divided among the states between its readings by duration: 07:59–09:00
     * +10 all running; 09:00–10:02 +0.5, 60 of 62 min running; 10:02–15:10 +19.5, 235 of 308 min running (idle 3 + 60,
     * fault 10); 15:10–15:45 +1, 15 of 35 min running (fault 20). 650 good parts over the day (lunch included) → 31/650.
     */
    @Test
    void energyPerGoodPartAndIdleEnergy() throws Exception {
        var e = losses.energy(machineId, local("2026-11-28T00:00:00"), local("2026-11-29T00:00:00"));
        assertThat(e.totalKwh()).isCloseTo(31.0, within(1e-9));
        double running = 10 + 0.5 * 60 / 62 + 19.5 * 235 / 308 + 1.0 * 15 / 35;
        assertThat(e.runningKwh()).isCloseTo(running, within(1e-9));
        assertThat(e.idleKwh()).isCloseTo(0.5 * 2 / 62 + 19.5 * 73 / 308 + 1.0 * 20 / 35, within(1e-9));
        assertThat(e.runningKwh() + e.idleKwh()).isCloseTo(31.0, within(1e-9));
        assertThat(e.goodParts()).isEqualTo(650.0);
        assertThat(e.kwhPerGoodPart()).isCloseTo(31.0 / 650, within(1e-12));
    }

    @Test
    void hourlyBucketsAddUpToTheShift() throws Exception {
        OeeReport report = service.machineOee(
                machineId, local("2026-11-28T00:00:00"), local("2026-11-29T00:00:00"), Granularity.HOUR);
        assertThat(report.buckets()).hasSize(24);
        assertThat(report.buckets().stream()
                        .mapToDouble(b -> b.result().plannedProductionSeconds())
                        .sum())
                .isEqualTo(23_400.0);
        assertThat(report.buckets().stream()
                        .mapToDouble(b -> b.result().runSeconds())
                        .sum())
                .isEqualTo(21_300.0);
        assertThat(report.buckets().stream()
                        .mapToDouble(b -> b.result().goodCount())
                        .sum())
                .isEqualTo(640.0);
        // 10:00–11:00: idle 10:00–10:05, so 3 300 s run of 3 600 s planned
        OeeBucket ten = report.buckets().stream()
                .filter(b -> b.label().equals("2026-11-28 10:00"))
                .findFirst()
                .orElseThrow();
        assertThat(ten.result().availability()).isCloseTo(3300.0 / 3600, within(1e-12));
        // outside the shift nothing is planned: availability unknown
        assertThat(report.buckets().get(0).result().availability()).isNull();
    }
}
