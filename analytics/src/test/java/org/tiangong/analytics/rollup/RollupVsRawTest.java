package org.tiangong.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.TimeGrid;
import org.tiangong.analytics.losses.LossService;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeBucket;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * For a random (seeded) week of telemetry on four machines — states at sub-second times, Bad samples, unknown codes,
 * a silent stretch, counter resets and a rollover, a machine whose states come from a rule, and a fifth machine with
 * every case of the counter rule (restored, replaced, reset, preset, jumps, rollover) — OEE and energy from
 * rollups equal OEE and energy from raw data for every machine and every shift, hour and day, on whichever engine
 * the suite runs (plain PostgreSQL builds machine_hour itself, TimescaleDB as a continuous aggregate).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollupVsRawTest {

    static final long SEED = 20261129L;
    static final Instant WEEK_START =
            OffsetDateTime.parse("2026-11-16T00:00:00+08:00").toInstant();
    static final Instant DATA_END = WEEK_START.plus(Duration.ofDays(7)).minusSeconds(1234);
    static final Clock CLOCK = Clock.fixed(DATA_END.plus(Duration.ofMinutes(47)), ZoneOffset.UTC);

    static Database db;
    static List<UUID> machines;
    static Map<UUID, Map<CanonicalSignal, Integer>> signals = new java.util.HashMap<>();
    static OeeService fromRollups, fromRaw;
    static LossService lossesFromRollups, lossesFromRaw;
    static RollupJob job;

    @BeforeAll
    static void weekOfTelemetry() throws Exception {
        db = TestDatabases.fresh();
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID enterprise = registry.importTopology(new TopologySpec(
                "RVR",
                "卷积测试",
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "一线",
                                List.of(
                                        new TopologySpec.MachineSpec("CNC-01", "加工中心", MachineKind.CNC, "VMC", 41.5),
                                        new TopologySpec.MachineSpec("PRS-01", "冲床", MachineKind.PRESS, "JH21", 3.2),
                                        new TopologySpec.MachineSpec(
                                                "WLD-01", "焊接机器人", MachineKind.WELDER, "ARC", 75.0),
                                        new TopologySpec.MachineSpec("FUR-01", "热处理炉", MachineKind.FURNACE, "RX", null),
                                        new TopologySpec.MachineSpec(
                                                "CTR-01", "计数器测试", MachineKind.CNC, "VMC", 30.0))))))));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID plant = dir.plants(enterprise).get(0).id();
        var byCode = new java.util.HashMap<String, UUID>();
        dir.machines(dir.lines(plant).get(0).id()).forEach(m -> byCode.put(m.code(), m.id()));

        CalendarStore calendars = new CalendarStore(db.dataSource());
        calendars.setShifts(
                plant,
                List.of(
                        new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0)),
                        new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.of(0, 0)),
                        new ShiftPattern("夜班 night", LocalTime.of(0, 0), LocalTime.of(8, 0))));
        calendars.addBreak(plant, LocalTime.of(11, 30), LocalTime.of(12, 0), "午休 lunch");
        calendars.addBreak(plant, LocalTime.of(3, 10, 30), LocalTime.of(3, 20, 15), "夜宵 night meal");
        calendars.addHoliday(plant, LocalDate.of(2026, 11, 22), "周日 Sunday");
        calendars.addPlannedStop(
                plant,
                WEEK_START.plus(Duration.ofHours(50)).plusMillis(123_456),
                WEEK_START.plus(Duration.ofHours(53)).plusMillis(7_890),
                "计划保养 maintenance");

        Random random = new Random(SEED);
        List<Sample> samples = new ArrayList<>();
        String[] codes = {"CNC-01", "PRS-01", "WLD-01", "FUR-01"};
        machines = new ArrayList<>();
        for (int k = 0; k < codes.length; k++) {
            UUID m = byCode.get(codes[k]);
            machines.add(m);
            boolean ruleBased = codes[k].startsWith("WLD");
            Map<CanonicalSignal, String> nodes = new EnumMap<>(CanonicalSignal.class);
            if (!ruleBased) nodes.put(CanonicalSignal.STATE, "s");
            else nodes.put(CanonicalSignal.WELD_CURRENT, "c");
            nodes.put(CanonicalSignal.PARTS_GOOD, "g");
            nodes.put(CanonicalSignal.PARTS_SCRAP, "x");
            nodes.put(CanonicalSignal.ENERGY, "e");
            MachineKind kind = MachineKind.values()[k];
            var ids = registry.registerSignals(MachinePath.parse("RVR/P1/L1/" + codes[k]), kind, nodes);
            signals.put(m, ids);
            samples.addAll(machineWeek(random, ids, ruleBased, k == 1));
        }
        counterMachine = byCode.get("CTR-01");
        machines.add(counterMachine);
        var counterIds = registry.registerSignals(
                MachinePath.parse("RVR/P1/L1/CTR-01"),
                MachineKind.CNC,
                Map.of(
                        CanonicalSignal.STATE, "s",
                        CanonicalSignal.PARTS_GOOD, "g",
                        CanonicalSignal.PARTS_SCRAP, "x",
                        CanonicalSignal.ENERGY, "e"));
        signals.put(counterMachine, counterIds);
        new Jdbc(db.dataSource()).update("UPDATE machine SET rated_power_kw = 40 WHERE id = ?", counterMachine);
        samples.addAll(counterCases(counterIds));
        TelemetryWriter writer = new TelemetryWriter(db.dataSource());
        for (int from = 0; from < samples.size(); from += 5000)
            writer.write(samples.subList(from, Math.min(samples.size(), from + 5000)));

        fromRollups = new OeeService(db.dataSource(), CLOCK);
        fromRaw = new OeeService(db.dataSource(), CLOCK, new RawSums(db.dataSource()));
        lossesFromRollups = new LossService(db.dataSource(), CLOCK, new RollupSums(db.dataSource()));
        lossesFromRaw = new LossService(db.dataSource(), CLOCK, new RawSums(db.dataSource()));
        job = new RollupJob(db.dataSource(), db.engine(), CLOCK);
        assertThat(job.catchUp()).isGreaterThan(0);
    }

    /** One machine's week: states (or the rule's signal), part counters, energy meter. */
    static List<Sample> machineWeek(Random r, Map<CanonicalSignal, Integer> ids, boolean ruleBased, boolean rollsOver) {
        List<Sample> out = new ArrayList<>();
        Instant silentFrom = WEEK_START.plus(Duration.ofHours(30 + r.nextInt(40)));
        Instant silentTo = silentFrom.plus(Duration.ofMinutes(90 + r.nextInt(60)));
        // states: a change every few minutes to an hour, at microsecond times
        Instant t = WEEK_START.minus(Duration.ofMinutes(5));
        while (t.isBefore(DATA_END)) {
            if (t.isBefore(silentFrom) || !t.isBefore(silentTo)) {
                if (ruleBased) {
                    out.add(Sample.of(
                            ids.get(CanonicalSignal.WELD_CURRENT),
                            t,
                            r.nextDouble() < 0.6 ? 80 + 60 * r.nextDouble() : 5 * r.nextDouble(),
                            r.nextDouble() < 0.03 ? 0x80000000 : 0));
                } else {
                    double p = r.nextDouble();
                    int status = p < 0.03 ? 0x80310000 : (p < 0.05 ? 0x40000000 : 0);
                    double code = p > 0.98 ? 9 : r.nextInt(5);
                    out.add(Sample.of(ids.get(CanonicalSignal.STATE), t, code, status));
                }
            }
            t = t.plusNanos((long) (-Math.log(1 - r.nextDouble()) * 900e9) / 1000 * 1000 + 1000);
        }
        // counters: a part every ~40 s; a reset now and then; Bad readings; one machine's good counter rolls over
        double good = rollsOver ? CounterDeltas.UINT32_MAX - 2000 : r.nextInt(100_000),
                scrap = r.nextInt(500),
                meter = 1000 * r.nextDouble();
        t = WEEK_START.minus(Duration.ofMinutes(3));
        while (t.isBefore(DATA_END)) {
            if (t.isBefore(silentFrom) || !t.isBefore(silentTo)) {
                double p = r.nextDouble();
                if (p < 0.0005) good = 0;
                else good = (good + 1 + (p < 0.1 ? 1 : 0)) % (CounterDeltas.UINT32_MAX + 1);
                if (p > 0.97) scrap += 1;
                out.add(Sample.of(
                        ids.get(CanonicalSignal.PARTS_GOOD), t, p > 0.995 ? 12345 : good, p > 0.995 ? 0x80000000 : 0));
                out.add(Sample.of(ids.get(CanonicalSignal.PARTS_SCRAP), t.plusMillis(17), scrap, 0));
                meter += 0.05 + 0.2 * r.nextDouble();
                out.add(Sample.of(ids.get(CanonicalSignal.ENERGY), t.plusMillis(311), meter, 0));
            }
            t = t.plusNanos((long) (20e9 + 40e9 * r.nextDouble()) / 1000 * 1000);
        }
        return out;
    }

    static UUID counterMachine;
    /** What CTR-01 really produced (the ground truth its counters are judged against). */
    static double producedGood, producedScrap, producedKwh;

    /**
     * CTR-01 (ideal cycle 30 s, rated 40 kW): a reading every 30 s all week, running with every sixth 10 minutes idle
     * (readings fall exactly on the state changes), good counter starting near the top of a UInt32 (it rolls over
     * after about 17 h), then every case of docs/metrics.md "Counters and meters": counters restored after a power
     * cut, a replaced meter, a real reset to zero, a preset counter, implausible jumps, a meter cleared to zero.
     */
    static List<Sample> counterCases(Map<CanonicalSignal, Integer> ids) {
        List<Sample> out = new ArrayList<>();
        double good = CounterDeltas.UINT32_MAX - 2000, scrap = 300, meter = 500;
        for (int i = 0; ; i++) {
            Instant t = WEEK_START.plusSeconds(30L * i);
            if (!t.isBefore(DATA_END)) break;
            if (i % 20 == 0) out.add(Sample.of(ids.get(CanonicalSignal.STATE), t, (i / 20) % 6 == 5 ? 1 : 2, 0));
            double dg = i % 7 == 0 ? 0 : 1, ds = i % 50 == 0 ? 1 : 0, de = 0.16;
            switch (i) {
                case 3000 -> { // power cut: the PLC restores its last saved (lower) counters; nothing made meanwhile
                    good -= 500;
                    scrap -= 50;
                    dg = ds = de = 0;
                }
                case 7000 -> { // a real reset to zero, then one part
                    good = 1;
                    dg = 1;
                    scrap += ds;
                    meter += de;
                }
                case 9000 -> { // preset to 200 by hand
                    good = 200;
                    dg = 0;
                    scrap += ds;
                    meter += de;
                }
                case 11000 -> { // a gateway glitch: a million parts and 10 MWh in 30 s
                    good += 1_000_000;
                    meter += 10_000;
                    scrap += ds;
                    dg = de = 0;
                }
                default -> {
                    good = (good + dg) % (CounterDeltas.UINT32_MAX + 1);
                    scrap += ds;
                    if (i == 5000) { // the meter is replaced: the new one shows 3 kWh
                        meter = 3.0;
                        de = 0;
                    } else if (i == 13000) { // the meter cleared to zero, then 0.1 kWh
                        meter = 0.1;
                        de = 0.1;
                    } else {
                        meter += de;
                    }
                }
            }
            if (i > 0) { // the first reading only anchors
                producedGood += dg;
                producedScrap += ds;
                producedKwh += de;
            }
            out.add(Sample.of(ids.get(CanonicalSignal.PARTS_GOOD), t, good, 0));
            out.add(Sample.of(ids.get(CanonicalSignal.PARTS_SCRAP), t, scrap, 0));
            out.add(Sample.of(ids.get(CanonicalSignal.ENERGY), t, meter, 0));
        }
        return out;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    @Order(1)
    void everyShiftOfEveryMachineIsTheSameFromRollupsAndFromRaw() throws Exception {
        Instant from = WEEK_START.minusSeconds(3600).plusMillis(37_250);
        for (UUID m : machines) {
            assertSameReports(
                    fromRollups.machineOee(m, from, CLOCK.instant(), Granularity.SHIFT),
                    fromRaw.machineOee(m, from, CLOCK.instant(), Granularity.SHIFT));
        }
        OeeReport group = fromRollups.groupOee(machines, from, CLOCK.instant(), Granularity.SHIFT);
        assertSameReports(group, fromRaw.groupOee(machines, from, CLOCK.instant(), Granularity.SHIFT));
        // the week has gaps (silent stretches, Bad values, the hour before the first sample): coverage says so, and
        // availability is run time over the time with data
        assertThat(group.total().dataCoverage()).isLessThan(1.0).isGreaterThan(0.5);
        assertThat(group.buckets())
                .anySatisfy(b -> assertThat(b.result().dataCoverage()).isLessThan(1.0));
        for (OeeBucket b : group.buckets()) {
            OeeResult r = b.result();
            if (r.plannedWithDataSeconds() > 0)
                assertThat(r.availability()).isCloseTo(r.runSeconds() / r.plannedWithDataSeconds(), within(1e-12));
        }
    }

    @Test
    @Order(2)
    void hoursDaysAndEnergyAreTheSameToo() throws Exception {
        for (UUID m : machines) {
            assertSameReports(
                    fromRollups.machineOee(
                            m,
                            WEEK_START.plus(Duration.ofHours(49)),
                            WEEK_START.plus(Duration.ofHours(75)),
                            Granularity.HOUR),
                    fromRaw.machineOee(
                            m,
                            WEEK_START.plus(Duration.ofHours(49)),
                            WEEK_START.plus(Duration.ofHours(75)),
                            Granularity.HOUR));
            assertSameReports(
                    fromRollups.machineOee(m, WEEK_START, CLOCK.instant(), Granularity.DAY),
                    fromRaw.machineOee(m, WEEK_START, CLOCK.instant(), Granularity.DAY));
            var a = lossesFromRollups.energy(m, WEEK_START.plusMillis(1), CLOCK.instant());
            var b = lossesFromRaw.energy(m, WEEK_START.plusMillis(1), CLOCK.instant());
            assertClose(a.totalKwh(), b.totalKwh());
            assertClose(a.runningKwh(), b.runningKwh());
            assertClose(a.idleKwh(), b.idleKwh());
            assertClose(a.goodParts(), b.goodParts());
            var u = lossesFromRollups.utilization(m, WEEK_START.plusMillis(1), CLOCK.instant());
            var raw = new org.tiangong.analytics.telemetry.TelemetryQueries(db.dataSource(), db.bucketing(), CLOCK)
                    .stateDurations(m, WEEK_START.plusMillis(1), CLOCK.instant());
            for (String state : raw.secondsByState().keySet()) assertClose(u.seconds(state), raw.seconds(state));
            assertClose(u.utilization(), raw.utilization());
        }
    }

    @Test
    @Order(3)
    void theRollupsReachTheNewestSettledMinuteOfEachMachine() throws Exception {
        Jdbc jdbc = new Jdbc(db.dataSource());
        for (UUID m : machines) {
            Instant rolled = jdbc.one(
                            "SELECT rolled_until AS t FROM rollup_watermark WHERE machine_id = ?",
                            rs -> Jdbc.instant(rs, "t"),
                            m)
                    .orElseThrow();
            Instant newest = jdbc.one(
                            "SELECT max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id WHERE s.machine_id = ?",
                            rs -> Jdbc.instant(rs, "t"),
                            m)
                    .orElseThrow();
            assertThat(rolled).isEqualTo(TimeGrid.floor(newest, TimeGrid.MINUTE));
            long hours = jdbc.one("SELECT count(*) FROM machine_hour WHERE machine_id = ?", rs -> rs.getLong(1), m)
                    .orElseThrow();
            assertThat(hours).isGreaterThanOrEqualTo(7 * 24);
        }
        assertThat(job.runOnce()).isZero();
    }

    /** A buffered batch arrives late: the watermark moves back at once, answers stay right, the job rolls up again. */
    @Test
    @Order(4)
    void aLateSampleMovesTheWatermarkBackAndTheRollupsFollow() throws Exception {
        UUID cnc = machines.get(0);
        Instant late = WEEK_START.plus(Duration.ofHours(33)).plusMillis(250);
        Instant from = WEEK_START.plus(Duration.ofHours(24)), to = WEEK_START.plus(Duration.ofHours(48));
        OeeReport before = fromRollups.machineOee(cnc, from, to, Granularity.SHIFT);
        new TelemetryWriter(db.dataSource())
                .write(List.of(
                        Sample.of(signals.get(cnc).get(CanonicalSignal.STATE), late, 4, 0),
                        Sample.of(signals.get(cnc).get(CanonicalSignal.STATE), late.plusSeconds(1800), 2, 0)));
        Instant rolled = new Jdbc(db.dataSource())
                .one(
                        "SELECT rolled_until AS t FROM rollup_watermark WHERE machine_id = ?",
                        rs -> Jdbc.instant(rs, "t"),
                        cnc)
                .orElseThrow();
        assertThat(rolled).isEqualTo(late);

        OeeReport afterLate = fromRollups.machineOee(cnc, from, to, Granularity.SHIFT);
        assertSameReports(afterLate, fromRaw.machineOee(cnc, from, to, Granularity.SHIFT));
        assertThat(afterLate.total().runSeconds()).isNotEqualTo(before.total().runSeconds());

        assertThat(job.catchUp()).isGreaterThan(0);
        assertSameReports(
                fromRollups.machineOee(cnc, from, to, Granularity.SHIFT),
                fromRaw.machineOee(cnc, from, to, Granularity.SHIFT));
    }

    /**
     * Proof that closed time is read from rollups: raw rows removed behind the job's back change raw answers only.
     * (12:00–23:00 local has no boundary inside a minute, so nothing of it is read raw.)
     */
    @Test
    @Order(5)
    void closedTimeIsAnsweredFromTheRollups() throws Exception {
        UUID press = machines.get(1);
        Instant from = WEEK_START.plus(Duration.ofHours(36)), to = WEEK_START.plus(Duration.ofHours(47));
        OeeReport rolled = fromRollups.machineOee(press, from, to, Granularity.HOUR);
        new Jdbc(db.dataSource())
                .update(
                        "DELETE FROM telemetry WHERE signal_id = ? AND time >= ? AND time < ?",
                        signals.get(press).get(CanonicalSignal.STATE),
                        from.plusSeconds(3600),
                        to.minusSeconds(3600));
        assertSameReports(fromRollups.machineOee(press, from, to, Granularity.HOUR), rolled);
        assertThat(fromRaw.machineOee(press, from, to, Granularity.HOUR).total().runSeconds())
                .isNotEqualTo(rolled.total().runSeconds());
    }

    /** Every case of CTR-01: rollups and raw agree, both count what was produced, and the events are stored. */
    @Test
    @Order(6)
    void countersCountWhatWasProducedFromRollupsAndFromRaw() throws Exception {
        Instant from = WEEK_START.minusSeconds(3600), to = CLOCK.instant();
        for (MachineSumsSource source : List.of(new RollupSums(db.dataSource()), new RawSums(db.dataSource()))) {
            MachineSums sums = source.sums(
                            Map.of(
                                    counterMachine,
                                    List.of(List.of(new org.tiangong.analytics.model.TimeRange(from, to)))),
                            MachineSumsSource.Measures.ALL)
                    .get(counterMachine)
                    .get(0);
            assertThat(sums.good()).isEqualTo(producedGood);
            assertThat(sums.scrap()).isEqualTo(producedScrap);
            assertThat(sums.energyKwh()).isCloseTo(producedKwh, org.assertj.core.data.Offset.offset(1e-6));
        }
        var events = new CounterEvents(db.dataSource()).between(counterMachine, from, to);
        assertThat(events)
                .extracting(e -> e.signal() + " " + e.event().kind().key() + " @"
                        + e.event().time())
                .containsExactly(
                        "parts_good rebase @" + WEEK_START.plusSeconds(30L * 3000),
                        "parts_scrap rebase @" + WEEK_START.plusSeconds(30L * 3000),
                        "energy rebase @" + WEEK_START.plusSeconds(30L * 5000),
                        "parts_good rebase @" + WEEK_START.plusSeconds(30L * 9000),
                        "energy jump @" + WEEK_START.plusSeconds(30L * 11000),
                        "parts_good jump @" + WEEK_START.plusSeconds(30L * 11000));
        long stored = new Jdbc(db.dataSource())
                .one(
                        "SELECT count(*) FROM counter_event e JOIN signal s ON s.id = e.signal_id WHERE s.machine_id = ?",
                        rs -> rs.getLong(1),
                        counterMachine)
                .orElseThrow();
        assertThat(stored).isEqualTo(6);
        // the rollups' split of kWh by state equals the raw one minute by minute (readings on state changes)
        var a = lossesFromRollups.energy(counterMachine, from, to);
        var b = lossesFromRaw.energy(counterMachine, from, to);
        assertClose(a.runningKwh(), b.runningKwh());
        assertClose(a.idleKwh(), b.idleKwh());
        assertThat(a.idleKwh()).isGreaterThan(0);
    }

    static void assertSameReports(OeeReport a, OeeReport b) {
        assertThat(a.buckets()).hasSameSizeAs(b.buckets());
        for (int k = 0; k < a.buckets().size(); k++) {
            OeeBucket x = a.buckets().get(k), y = b.buckets().get(k);
            assertThat(x.label()).isEqualTo(y.label());
            assertThat(x.range()).isEqualTo(y.range());
            assertSameResult(x.label(), x.result(), y.result());
        }
        assertSameResult("total", a.total(), b.total());
    }

    static void assertSameResult(String what, OeeResult x, OeeResult y) {
        assertThat(x.plannedProductionSeconds()).as(what + " planned").isEqualTo(y.plannedProductionSeconds());
        assertClose(x.runSeconds(), y.runSeconds());
        assertClose(x.plannedWithDataSeconds(), y.plannedWithDataSeconds());
        assertClose(x.dataCoverage(), y.dataCoverage());
        assertClose(x.goodCount(), y.goodCount());
        assertClose(x.scrapCount(), y.scrapCount());
        assertClose(x.availability(), y.availability());
        assertClose(x.performance(), y.performance());
        assertClose(x.quality(), y.quality());
        assertClose(x.oee(), y.oee());
    }

    static void assertClose(Double a, Double b) {
        if (a == null || b == null) {
            assertThat(a).isEqualTo(b);
            return;
        }
        assertThat(Math.abs(a - b)).as("%s vs %s", a, b).isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(b)));
    }
}
