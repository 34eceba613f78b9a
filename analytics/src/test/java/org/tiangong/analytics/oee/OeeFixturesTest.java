package org.tiangong.analytics.oee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.calendar.PlannedStop;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.CounterLimit;
import org.tiangong.analytics.telemetry.CounterSample;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateIntervals;
import org.tiangong.analytics.telemetry.StateSample;

/** Small, fully specified fixtures with every expected number worked out by hand in the comments. */
class OeeFixturesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant local(String t) {
        return OffsetDateTime.parse(t + "+08:00").toInstant();
    }

    static StateSample state(String t, int code) {
        return new StateSample(local(t), code, 0);
    }

    @Test
    void counterDeltasSurviveAResetAndSkipBadReadings() {
        CounterDeltas deltas = new CounterDeltas(CounterDeltas.UINT32_MAX);
        Instant t = local("2026-11-28T08:00:00");
        // before the window: 100. Then 150 (+50), reset to 0 (+0: nothing made since the reset yet), 20 (+20),
        // a Bad reading of 9999 (ignored), 30 (+10). Total 80.
        double total = deltas.steps(
                        new CounterSample(t.minusSeconds(1), 100, 0),
                        List.of(
                                new CounterSample(t.plusSeconds(10), 150, 0),
                                new CounterSample(t.plusSeconds(20), 0, 0),
                                new CounterSample(t.plusSeconds(30), 20, 0),
                                new CounterSample(t.plusSeconds(40), 9999, 0x80000000),
                                new CounterSample(t.plusSeconds(50), 30, 0)),
                        at -> CounterLimit.parts(0.1)) // a machine that can make 10 parts a second
                .total();
        assertThat(total).isEqualTo(80.0);
    }

    @Test
    void counterDeltasSurviveARollover() {
        CounterDeltas deltas = new CounterDeltas(CounterDeltas.UINT32_MAX);
        // 4 294 967 290 → 5 on a UInt32: 5 steps to 4 294 967 295, 1 to wrap to 0, 5 more: 11.
        assertThat(deltas.judge(4_294_967_290.0, 5, 10, CounterLimit.parts(1.0)).delta())
                .isEqualTo(11.0);
        // A drop from low in the range is a reset, not a rollover: counted from 0.
        assertThat(deltas.judge(1_000, 7, 10, CounterLimit.parts(1.0)).delta()).isEqualTo(7.0);
    }

    @Test
    void threeShiftsInShanghaiWithABreakAPlannedStopAndAHoliday() {
        ShiftCalendar calendar = new ShiftCalendar(
                SHANGHAI,
                List.of(
                        new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0)),
                        new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT),
                        new ShiftPattern("夜班 night", LocalTime.MIDNIGHT, LocalTime.of(8, 0))),
                List.of(new ShiftCalendar.DailyBreak(LocalTime.of(11, 30), LocalTime.of(12, 0), "午休 lunch")),
                Set.of(LocalDate.of(2026, 11, 29)),
                List.of(new PlannedStop(
                        new TimeRange(local("2026-11-28T14:00:00"), local("2026-11-28T15:00:00")),
                        "计划保养 maintenance")));
        List<ShiftInstance> shifts = calendar.shifts(local("2026-11-28T00:00:00"), local("2026-11-30T00:00:00"));
        // 28 Nov: night (00–08), morning, evening; 29 Nov is a holiday: no shift starts on it.
        assertThat(shifts).extracting(ShiftInstance::name).containsExactly("夜班 night", "早班 morning", "中班 evening");
        ShiftInstance morning = shifts.get(1);
        // 8 h = 28 800 s − lunch 1 800 s − maintenance 3 600 s = 23 400 s
        assertThat(morning.plannedProductionSeconds()).isEqualTo(23_400.0);
        assertThat(morning.productionRanges())
                .containsExactly(
                        new TimeRange(local("2026-11-28T08:00:00"), local("2026-11-28T11:30:00")),
                        new TimeRange(local("2026-11-28T12:00:00"), local("2026-11-28T14:00:00")),
                        new TimeRange(local("2026-11-28T15:00:00"), local("2026-11-28T16:00:00")));
        assertThat(shifts.get(0).plannedProductionSeconds()).isEqualTo(28_800.0);
    }

    @Test
    void aShiftAcrossADaylightSavingChangeHasItsRealLength() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ShiftCalendar calendar = ShiftCalendar.threeShifts(berlin);
        // 29 March 2026: clocks go from 02:00 to 03:00 in Berlin, so the 00:00–08:00 night shift lasts 7 h.
        List<ShiftInstance> shifts =
                calendar.shifts(Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-29T06:00:00Z"));
        assertThat(shifts).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("夜班 night");
            assertThat(s.range().seconds()).isEqualTo(7 * 3600.0);
        });
    }

    /**
     * The worked example of docs/metrics.md. Morning shift 08:00–16:00, planned production 23 400 s (see above).
     * Machine: running 08:00–10:00 (7 200 s), idle 10:00–10:05 (a micro-stop), running 10:05–12:00 but the lunch
     * break 11:30–12:00 is not planned time (5 100 s count), running 12:00–14:00 (7 200 s), idle in the planned stop
     * 14:00–15:00, fault 15:00–15:30, running 15:30–16:00 (1 800 s). Run time = 21 300 s.
     * Ideal cycle 30 s, 640 good + 20 scrap = 660 parts.
     * availability = 21 300 / 23 400 = 213/234; performance = 30 × 660 / 21 300 = 198/213; quality = 640/660 = 32/33;
     * OEE = 213/234 × 198/213 × 32/33 = 32/39 = 0.820512…
     */
    @Test
    void theWorkedExample() {
        ShiftCalendar calendar = new ShiftCalendar(
                SHANGHAI,
                List.of(new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0))),
                List.of(new ShiftCalendar.DailyBreak(LocalTime.of(11, 30), LocalTime.of(12, 0), "午休 lunch")),
                Set.of(),
                List.of(new PlannedStop(
                        new TimeRange(local("2026-11-28T14:00:00"), local("2026-11-28T15:00:00")), "计划保养")));
        ShiftInstance shift = calendar.shifts(local("2026-11-28T00:00:00"), local("2026-11-29T00:00:00"))
                .get(0);
        List<StateInterval> intervals = StateIntervals.build(
                shift.range().start(),
                shift.range().end(),
                state("2026-11-28T07:50:00", 2),
                List.of(
                        state("2026-11-28T10:00:00", 1),
                        state("2026-11-28T10:05:00", 2),
                        state("2026-11-28T14:00:00", 1),
                        state("2026-11-28T15:00:00", 4),
                        state("2026-11-28T15:30:00", 2)),
                local("2026-11-28T16:00:00"));
        OeeResult r = ShiftOee.of(shift, intervals, 30, 640, 20);
        assertThat(r.runSeconds()).isEqualTo(21_300.0);
        assertThat(r.availability()).isCloseTo(213.0 / 234, within(1e-12));
        assertThat(r.performance()).isCloseTo(198.0 / 213, within(1e-12));
        assertThat(r.quality()).isCloseTo(32.0 / 33, within(1e-12));
        assertThat(r.oee()).isCloseTo(32.0 / 39, within(1e-12));
        assertThat(r.performanceCapped()).isFalse();

        // An ideal cycle time set too long (40 s) would claim 40 × 660 / 21 300 = 1.239…: capped at 1 and flagged.
        OeeResult wrongIdeal = ShiftOee.of(shift, intervals, 40, 640, 20);
        assertThat(wrongIdeal.performance()).isEqualTo(1.0);
        assertThat(wrongIdeal.performanceCapped()).isTrue();
        assertThat(wrongIdeal.performanceRaw()).isCloseTo(40.0 * 660 / 21_300, within(1e-12));
    }

    @Test
    void aDataGapIsNeitherRunTimeNorDownTime() {
        // Running from 08:00; the machine's last report is at 09:00; the window ends at 10:00.
        List<StateInterval> intervals = StateIntervals.build(
                local("2026-11-28T08:00:00"),
                local("2026-11-28T10:00:00"),
                null,
                List.of(state("2026-11-28T08:00:00", 2)),
                local("2026-11-28T09:00:00"));
        assertThat(intervals).extracting(StateInterval::state).containsExactly("running", "no_data");
        assertThat(intervals.get(1).range().seconds()).isEqualTo(3600.0);
        assertThat(ShiftOee.runSecondsWithin(
                        intervals, List.of(new TimeRange(local("2026-11-28T08:00:00"), local("2026-11-28T10:00:00")))))
                .isEqualTo(3600.0);
    }

    @Test
    void withNothingPlannedOrMadeTheFactorsAreUnknownNotZero() {
        OeeResult r = OeeCalculator.compute(0, 0, 30, 0, 0);
        assertThat(r.availability()).isNull();
        assertThat(r.performance()).isNull();
        assertThat(r.quality()).isNull();
        assertThat(r.oee()).isNull();
    }
}
