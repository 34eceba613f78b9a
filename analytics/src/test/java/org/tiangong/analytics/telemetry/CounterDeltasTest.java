package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked counters: what a PLC, a gateway and a meter really do (docs/metrics.md, "Counters and meters"). */
class CounterDeltasTest {

    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    /** A CNC with a 40 s ideal cycle: at most 40 s ÷ 40 s × 1.5 + 10 = 11.5 parts in 40 s. */
    static final CounterLimit CNC = CounterLimit.parts(40.0);
    /** A 30 kW machine: at most 30 kW × 60 s × 1.5 + 0.05 = 0.8 kWh in a minute. */
    static final CounterLimit THIRTY_KW = CounterLimit.energy(30.0);

    final CounterDeltas parts = new CounterDeltas(CounterDeltas.UINT32_MAX);
    final CounterDeltas meter = new CounterDeltas(1e15);

    static CounterSample at(long seconds, double value) {
        return new CounterSample(T0.plusSeconds(seconds), value, 0);
    }

    @Test
    void aRetentiveCounterRestoredAfterAPowerCutIsReBasedNotCounted() {
        // 11 460 made before; the power goes at 11 461; the PLC restores 11 400 (its last save) 5 s later, then counts
        // on.
        var r = parts.steps(
                at(0, 11_460), List.of(at(40, 11_461), at(45, 11_400), at(85, 11_401), at(125, 11_402)), t -> CNC);
        assertThat(r.total()).isEqualTo(3.0); // 11 460 → 11 461, 11 400 → 11 401 → 11 402
        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(CounterEvent.Kind.REBASE);
            assertThat(e.time()).isEqualTo(T0.plusSeconds(45));
            assertThat(e.describe()).isEqualTo("counter re-based at 2026-11-30T00:00:45Z from 11461 to 11400");
        });
    }

    @Test
    void aRealResetToZeroIsStillCounted() {
        // reset by the operator: 500 → 3 in 80 s (3 ≤ 80 ÷ 40 × 1.5 + 10 = 13): the 3 made since the reset count
        var r = parts.steps(at(0, 500), List.of(at(80, 3), at(120, 4)), t -> CNC);
        assertThat(r.total()).isEqualTo(4.0);
        assertThat(r.events()).isEmpty();
    }

    @Test
    void aPresetCounterIsReBased() {
        // a counter preset to 200 to match a job's paper count: 200 > 13 cannot be counted since zero in 80 s
        var r = parts.steps(at(0, 500), List.of(at(80, 200), at(120, 201)), t -> CNC);
        assertThat(r.total()).isEqualTo(1.0);
        assertThat(r.events()).extracting(CounterEvent::kind).containsExactly(CounterEvent.Kind.REBASE);
    }

    @Test
    void aMillionPartsInASecondIsFlaggedAndNotCounted() {
        // 100 → 1 000 100 in 1 s (a jump beyond 10 × (1 ÷ 40 × 1.5 + 10) = 100.4); the new value is the base from then
        // on
        var r = parts.steps(at(0, 100), List.of(at(1, 1_000_100), at(41, 1_000_101)), t -> CNC);
        assertThat(r.total()).isEqualTo(1.0);
        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(CounterEvent.Kind.JUMP);
            assertThat(e.fromValue()).isEqualTo(100.0);
            assertThat(e.toValue()).isEqualTo(1_000_100.0);
        });
    }

    @Test
    void aMachineFasterThanItsIdealCycleTimeKeepsItsParts() {
        // 300 parts in an hour at a 30 s ideal cycle (at most 3600 ÷ 30 × 1.5 + 10 = 190): too fast for a reset from
        // zero, but far from a jump (1 900): counted, and the performance over 100 % shows the ideal is wrong
        assertThat(parts.judge(1000, 1300, 3600, CounterLimit.parts(30.0)).delta())
                .isEqualTo(300.0);
    }

    @Test
    void aUInt32RolloverIsCounted() {
        // 4 294 967 290 → 5: 5 to the top, 1 to wrap to 0, 5 more = 11, plausible in 120 s (≤ 120 ÷ 40 × 1.5 + 10 =
        // 14.5)
        var r = parts.steps(at(0, 4_294_967_290.0), List.of(at(120, 5)), t -> CNC);
        assertThat(r.total()).isEqualTo(11.0);
        assertThat(r.events()).isEmpty();
    }

    @Test
    void aRolloverOfAMachineWhoseRateIsUnknownIsCountedToo() {
        var r = parts.steps(at(0, 4_294_967_200.0), List.of(at(60, 50)), t -> CounterLimit.parts(null));
        assertThat(r.total()).isEqualTo(146.0);
    }

    @Test
    void withoutARateOnlyADropToNearZeroIsAReset() {
        CounterLimit unknown = CounterLimit.parts(null);
        assertThat(parts.judge(900, 10, 3600, unknown).delta()).isEqualTo(10.0);
        assertThat(parts.judge(900, 11, 3600, unknown).kind()).isEqualTo(CounterEvent.Kind.REBASE);
        // and any advance counts: nothing says it is too fast
        assertThat(parts.judge(900, 90_000, 1, unknown).delta()).isEqualTo(89_100.0);
    }

    @Test
    void aReplacedMeterIsReBasedAndAMeterResetToZeroIsCounted() {
        // the old meter showed 24 247.6 kWh; the new one shows 12.0 a minute later: 12 > 0.8 kWh, a re-base
        var replaced = meter.steps(at(0, 24_247.6), List.of(at(60, 12.0), at(120, 12.5)), t -> THIRTY_KW);
        assertThat(replaced.total()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(replaced.events()).extracting(CounterEvent::kind).containsExactly(CounterEvent.Kind.REBASE);
        // a meter cleared to zero reads 0.6 a minute later: 0.6 ≤ 0.8, counted
        var cleared = meter.steps(at(0, 24_247.6), List.of(at(60, 0.6)), t -> THIRTY_KW);
        assertThat(cleared.total()).isEqualTo(0.6);
        assertThat(cleared.events()).isEmpty();
    }

    @Test
    void aConfiguredCeilingReplacesTheRatedPower() {
        // 120 kW ceiling: a reset to 3 kWh in a minute is plausible (≤ 120 ÷ 60 × 1.5 + 0.05 = 3.05), to 4 kWh is
        // not; an advance is a jump beyond 10 × 3.05 = 30.5 kWh
        CounterLimit ceiling = CounterLimit.perHour(120, CounterLimit.ENERGY_SLACK_KWH);
        assertThat(meter.judge(100, 3, 60, ceiling).delta()).isEqualTo(3.0);
        assertThat(meter.judge(100, 4, 60, ceiling).kind()).isEqualTo(CounterEvent.Kind.REBASE);
        assertThat(meter.judge(100, 130, 60, ceiling).kind()).isNull();
        assertThat(meter.judge(100, 131, 60, ceiling).kind()).isEqualTo(CounterEvent.Kind.JUMP);
    }

    @Test
    void badReadingsNeitherCountNorBreakTheChain() {
        var r = parts.steps(
                at(0, 10),
                List.of(at(40, 11), new CounterSample(T0.plusSeconds(60), 0, 0x80000000), at(80, 12)),
                t -> CNC);
        assertThat(r.total()).isEqualTo(2.0);
        assertThat(r.steps()).extracting(CounterDeltas.Step::from).containsExactly(T0, T0.plusSeconds(40));
    }
}
