package org.tiangong.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * A meter delta is divided among the states in force between its two readings by duration — here every reading
 * falls exactly on a switch to idle or fault, which used to give the whole delta to the state at the reading.
 */
class EnergySplitTest {

    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static StateInterval state(long from, long to, MachineState s) {
        return new StateInterval(at(from), at(to), s.key());
    }

    /**
     * Running 0–50 s, idle 50–60 s, running 60–150 s, fault 150–180 s, no data 180–200 s. Meter readings at 50 s
     * (the switch to idle), 150 s (the switch to fault) and 200 s, each 1 kWh after the previous (first at 0 s).
     */
    static MachineHistory history() {
        List<StateInterval> intervals = List.of(
                state(0, 50, MachineState.RUNNING),
                state(50, 60, MachineState.IDLE),
                state(60, 150, MachineState.RUNNING),
                state(150, 180, MachineState.FAULT),
                state(180, 200, MachineState.NO_DATA));
        List<CounterDeltas.Step> energy = List.of(
                new CounterDeltas.Step(at(0), at(50), 1.0),
                new CounterDeltas.Step(at(50), at(150), 1.0),
                new CounterDeltas.Step(at(150), at(200), 1.0));
        return new MachineHistory(new TimeRange(at(0), at(240)), intervals, List.of(), List.of(), energy, List.of());
    }

    @Test
    void metersReadAtStateChangesAreSplitByDuration() {
        MachineSums s = history().within(List.of(new TimeRange(at(0), at(240))));
        // 0–50: all running (1); 50–150: 90 s of 100 running (0.9), 10 idle (0.1);
        // 150–200: 30 s fault (idle energy, 0.6), 20 s no data (0.4, in the total only)
        assertThat(s.energyKwh()).isEqualTo(3.0);
        assertThat(s.energyRunningKwh()).isCloseTo(1.9, within(1e-12));
        assertThat(s.energyIdleKwh()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void minuteRowsGiveTheSameSplitDatedByTheReading() {
        double[] rows = history().perMinute(at(0), at(240));
        // readings at 50 s (minute 0), 150 s (minute 2), 200 s (minute 3)
        assertThat(rows[MachineHistory.ENERGY_RUNNING]).isCloseTo(1.0, within(1e-12));
        assertThat(rows[2 * MachineHistory.WIDTH + MachineHistory.ENERGY_RUNNING])
                .isCloseTo(0.9, within(1e-12));
        assertThat(rows[2 * MachineHistory.WIDTH + MachineHistory.ENERGY_IDLE]).isCloseTo(0.1, within(1e-12));
        assertThat(rows[3 * MachineHistory.WIDTH + MachineHistory.ENERGY_IDLE]).isCloseTo(0.6, within(1e-12));
        assertThat(rows[3 * MachineHistory.WIDTH + MachineHistory.ENERGY]).isEqualTo(1.0);
    }
}
