package org.tiangong.analytics.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * The demo's story as calendars: the plant works three shifts Monday to Saturday (nobody on Sundays); machine M2
 * does not work the night shift. Both machines run (state 2) from Saturday 2026-10-31 00:00 to Monday 2026-11-02
 * 08:00 local, and their last sample is at that time.
 */
class LineAndMachineCalendarTest {

    static Database db;
    static UUID m1, m2, line;
    static OeeService oee;
    static CalendarStore calendars;
    static final Set<DayOfWeek> MON_SAT = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);

    static Instant local(String t) {
        return OffsetDateTime.parse(t + ":00+08:00").toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID enterprise = registry.importTopology(new TopologySpec(
                "CAL",
                "日历 CAL",
                List.of(new TopologySpec.PlantSpec(
                        "P1",
                        "一厂",
                        "Asia/Shanghai",
                        List.of(new TopologySpec.LineSpec(
                                "L1",
                                "一线",
                                List.of(
                                        new TopologySpec.MachineSpec("M1", "加工中心 1", MachineKind.CNC, "VMC", null),
                                        new TopologySpec.MachineSpec(
                                                "M2", "加工中心 2", MachineKind.CNC, "VMC", null))))))));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID plant = dir.plants(enterprise).get(0).id();
        line = dir.lines(plant).get(0).id();
        for (var m : dir.machines(line)) {
            if (m.code().equals("M1")) m1 = m.id();
            else m2 = m.id();
        }
        calendars = new CalendarStore(db.dataSource());
        calendars.setShifts(
                plant,
                List.of(
                        new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0), MON_SAT),
                        new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT, MON_SAT),
                        new ShiftPattern("夜班 night", LocalTime.MIDNIGHT, LocalTime.of(8, 0), MON_SAT)));
        calendars.setMachineShifts(
                m2,
                List.of(
                        new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0), MON_SAT),
                        new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT, MON_SAT)));
        List<Sample> s = new ArrayList<>();
        for (String code : List.of("M1", "M2")) {
            Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                    MachinePath.parse("CAL/P1/L1/" + code), MachineKind.CNC, Map.of(CanonicalSignal.STATE, "s"));
            s.add(Sample.of(ids.get(CanonicalSignal.STATE), local("2026-10-31T00:00"), 2, 0));
            s.add(Sample.of(ids.get(CanonicalSignal.STATE), local("2026-11-02T08:00"), 2, 0));
        }
        new TelemetryWriter(db.dataSource()).write(s);
        oee = new OeeService(db.dataSource(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Sunday 2026-11-01 is planned for nobody: no planned time, no availability (not 0 %). */
    @Test
    void nobodyIsPlannedOnSunday() throws Exception {
        OeeResult sunday = oee.groupOee(
                        List.of(m1, m2), local("2026-11-01T00:00"), local("2026-11-02T00:00"), Granularity.DAY)
                .total();
        assertThat(sunday.plannedProductionSeconds()).isZero();
        assertThat(sunday.availability()).isNull();
        assertThat(sunday.dataCoverage()).isNull();
    }

    /**
     * Saturday: M1 is planned 24 h, M2 (no night shift) 16 h; both ran throughout, so the line's availability is 1
     * over 40 planned hours, with full coverage. Monday 00:00–08:00: only M1 is planned.
     */
    @Test
    void aMachineWithoutTheNightShiftIsNotChargedForIt() throws Exception {
        OeeResult saturday = oee.groupOee(
                        List.of(m1, m2), local("2026-10-31T00:00"), local("2026-11-01T00:00"), Granularity.DAY)
                .total();
        assertThat(saturday.plannedProductionSeconds()).isEqualTo(40 * 3600.0);
        assertThat(saturday.availability()).isCloseTo(1.0, within(1e-12));
        assertThat(saturday.dataCoverage()).isCloseTo(1.0, within(1e-12));
        OeeResult mondayNight = oee.groupOee(
                        List.of(m1, m2), local("2026-11-02T00:00"), local("2026-11-02T08:00"), Granularity.SHIFT)
                .total();
        assertThat(mondayNight.plannedProductionSeconds()).isEqualTo(8 * 3600.0);
        assertThat(oee.machineOee(m2, local("2026-11-02T00:00"), local("2026-11-02T08:00"), Granularity.SHIFT)
                        .buckets())
                .isEmpty();
    }

    /** A line's own shifts replace the plant's for its machines; a machine's own replace its line's. */
    @Test
    void shiftsAreInheritedPlantLineMachine() throws Exception {
        assertThat(calendars.machineCalendar(m1).source()).isEqualTo(CalendarStore.ShiftSource.PLANT);
        assertThat(calendars.machineCalendar(m2).source()).isEqualTo(CalendarStore.ShiftSource.MACHINE);
        calendars.setLineShifts(
                line, List.of(new ShiftPattern("白班 day", LocalTime.of(8, 0), LocalTime.of(20, 0), MON_SAT)));
        try {
            assertThat(calendars.machineCalendar(m1).source()).isEqualTo(CalendarStore.ShiftSource.LINE);
            assertThat(calendars.machineCalendar(m2).source()).isEqualTo(CalendarStore.ShiftSource.MACHINE);
            assertThat(oee.machineOee(m1, local("2026-10-31T00:00"), local("2026-11-01T00:00"), Granularity.DAY)
                            .total()
                            .plannedProductionSeconds())
                    .isEqualTo(12 * 3600.0);
        } finally {
            calendars.setLineShifts(line, List.of());
        }
        assertThat(calendars.lineCalendar(line).source()).isEqualTo(CalendarStore.ShiftSource.PLANT);
    }
}
