package org.tiangong.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;

class MachineProcessTest {

    static final long SEED = 7;
    static final double DAY = 86_400;

    static MachineDefinition cnc() {
        return MachineDefinition.withDefaults("CNC-01", "立式加工中心", MachineKind.CNC)
                .withIdealCycleTimeSeconds(20);
    }

    static List<MachineSnapshot> run(MachineProcess process, double step, double seconds) {
        List<MachineSnapshot> out = new ArrayList<>();
        for (double t = 0; t < seconds; t += step) out.add(process.step(step));
        return out;
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        for (MachineKind kind : MachineKind.values()) {
            MachineDefinition m = MachineDefinition.withDefaults("M-" + kind.code(), "m", kind);
            List<MachineSnapshot> a = run(new MachineProcess(m, SEED), 1, DAY);
            List<MachineSnapshot> b = run(new MachineProcess(m, SEED), 1, DAY);
            assertThat(a).as(kind.code()).isEqualTo(b);
            List<MachineSnapshot> other = run(new MachineProcess(m, SEED + 1), 1, DAY);
            assertThat(other).as(kind.code()).isNotEqualTo(a);
        }
    }

    @Test
    void statesAndPartCountsDoNotDependOnTheStepSize() {
        // what makes back-filling history at large steps agree with the live simulator
        MachineProcess fine = new MachineProcess(cnc(), SEED);
        MachineProcess coarse = new MachineProcess(cnc(), SEED);
        for (int minute = 1; minute <= 3 * 24 * 60; minute++) {
            for (int s = 0; s < 60; s++) fine.step(1);
            MachineSnapshot a = fine.snapshot();
            MachineSnapshot b = coarse.step(60);
            assertThat(b.state()).as("minute %d", minute).isEqualTo(a.state());
            assertThat(b.partsGood()).isEqualTo(a.partsGood());
            assertThat(b.partsScrap()).isEqualTo(a.partsScrap());
            assertThat(b.alarmCode()).isEqualTo(a.alarmCode());
            assertThat(b.elapsedSeconds()).isEqualTo(a.elapsedSeconds());
        }
    }

    @Test
    void partsCountOnlyWhileRunningAtAboutTheIdealCycleTime() {
        MachineDefinition m = cnc();
        MachineProcess process = new MachineProcess(m, SEED);
        MachineSnapshot previous = process.snapshot();
        double runningSeconds = 0;
        for (MachineSnapshot now : run(process, 1, 2 * DAY)) {
            long made = (now.partsGood() + now.partsScrap()) - (previous.partsGood() + previous.partsScrap());
            assertThat(made).isBetween(0L, 1L);
            assertThat(now.partsGood()).isGreaterThanOrEqualTo(previous.partsGood());
            assertThat(now.partsScrap()).isGreaterThanOrEqualTo(previous.partsScrap());
            if (made > 0) {
                assertThat(previous.state() == MachineState.RUNNING || now.state() == MachineState.RUNNING)
                        .as("a part completed between %s and %s", previous.state(), now.state())
                        .isTrue();
                assertThat(now.cycleTimeSeconds()).isGreaterThanOrEqualTo(m.idealCycleTimeSeconds());
            } else {
                assertThat(now.cycleTimeSeconds()).isEqualTo(previous.cycleTimeSeconds());
            }
            if (now.state() == MachineState.RUNNING) runningSeconds++;
            previous = now;
        }
        long parts = previous.partsGood() + previous.partsScrap();
        double expected =
                runningSeconds / (m.idealCycleTimeSeconds() / m.process().performance());
        assertThat(parts).isCloseTo((long) expected, within((long) (0.05 * expected)));
        assertThat((double) previous.partsScrap() / parts).isCloseTo(m.process().scrapRate(), within(0.01));
    }

    @Test
    void energyNeverDecreasesAndPowerAndAlarmFollowTheState() {
        for (MachineKind kind : MachineKind.values()) {
            MachineDefinition m = MachineDefinition.withDefaults("M-" + kind.code(), "m", kind)
                    .withReliability(30, 10);
            MachineProcess process = new MachineProcess(m, SEED);
            MachineSnapshot previous = process.snapshot();
            for (MachineSnapshot now : run(process, 2, 3 * DAY)) {
                assertThat(now.energyKwh()).isGreaterThanOrEqualTo(previous.energyKwh());
                assertThat(now.powerKw()).isBetween(0.0, m.process().ratedPowerKw() * 1.05);
                if (now.state() == MachineState.OFF)
                    assertThat(now.powerKw()).isLessThan(m.process().ratedPowerKw() * 0.02);
                if (now.state() == MachineState.FAULT) {
                    assertThat(now.alarmCode()).isBetween(kind.ordinal() * 1000 + 1001, kind.ordinal() * 1000 + 1999);
                } else {
                    assertThat(now.alarmCode()).isZero();
                }
                previous = now;
            }
            // about a day of full power at most, and clearly more than nothing
            assertThat(previous.energyKwh())
                    .isBetween(m.process().ratedPowerKw() * 3, m.process().ratedPowerKw() * 72);
        }
    }

    @Test
    void aLongRunVisitsEveryStateAndFailsAtTheRateOfItsMtbf() {
        MachineDefinition m = cnc().withReliability(60, 10).withStartupMinutes(5);
        MachineProcess process = new MachineProcess(m, SEED);
        Set<MachineState> seen = EnumSet.of(process.snapshot().state());
        MachineState previous = process.snapshot().state();
        double step = 5;
        double running = 0;
        double inFault = 0;
        int faults = 0;
        for (MachineSnapshot now : run(process, step, 30 * DAY)) {
            seen.add(now.state());
            if (now.state() == MachineState.RUNNING) running += step;
            if (now.state() == MachineState.FAULT) inFault += step;
            if (now.state() == MachineState.FAULT && previous != MachineState.FAULT) faults++;
            previous = now.state();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(MachineState.reported());
        double expectedFaults = running / (m.process().mtbfMinutes() * 60);
        assertThat(expectedFaults).isGreaterThan(200);
        assertThat(faults).isBetween((int) (0.8 * expectedFaults), (int) (1.2 * expectedFaults));
        assertThat(inFault / faults / 60)
                .isCloseTo(m.process().mttrMinutes(), within(0.2 * m.process().mttrMinutes()));
    }

    @Test
    void aFurnaceHoldsItsSetpointWhileRunningAndCoolsInAFault() {
        MachineDefinition m = MachineDefinition.withDefaults("FUR-01", "淬火炉", MachineKind.FURNACE)
                .withReliability(300, 60);
        MachineProcess process = new MachineProcess(m, SEED);
        MachineSnapshot previous = process.snapshot();
        boolean cooledInFault = false;
        for (MachineSnapshot now : run(process, 10, 10 * DAY)) {
            assertThat(now.processValue())
                    .isBetween(MachineProcess.AMBIENT_CELSIUS - 10, m.process().nominalProcessValue() + 10);
            if (now.state() == MachineState.RUNNING) {
                // a cold furnace does not start a batch
                assertThat(now.processValue()).isGreaterThan(m.process().nominalProcessValue() - 40);
            }
            if (previous.state() == MachineState.FAULT
                    && now.state() == MachineState.FAULT
                    && now.processValue() < previous.processValue() - 10) {
                cooledInFault = true;
            }
            previous = now;
        }
        assertThat(cooledInFault).isTrue();
    }

    @Test
    void aStepCannotGoBackInTime() {
        MachineProcess process = new MachineProcess(cnc(), SEED);
        assertThatThrownBy(() -> process.step(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> process.step(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(process.step(0)).isNotNull();
    }

    @Test
    void eachMachineHasItsOwnSeed() {
        assertThat(MachineProcess.seedFor(1, "CNC-01")).isNotEqualTo(MachineProcess.seedFor(1, "CNC-02"));
        assertThat(MachineProcess.seedFor(1, "CNC-01")).isEqualTo(31 + "CNC-01".hashCode());
    }
}
