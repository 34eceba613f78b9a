package org.tiangong.collector.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;

/**
 * Every signal value of one machine at one moment of simulated time, rounded as an instrument would report it.
 *
 * @param elapsedSeconds simulated seconds since the process was created
 * @param processSignal  which canonical signal {@code processValue} is (depends on the machine kind)
 */
public record MachineSnapshot(
        double elapsedSeconds,
        MachineState state,
        long partsGood,
        long partsScrap,
        double cycleTimeSeconds,
        CanonicalSignal processSignal,
        double processValue,
        double powerKw,
        double energyKwh,
        int alarmCode) {

    /** The signals a machine of this kind exposes, in the order they appear in the address space. */
    public static List<CanonicalSignal> signalsOf(MachineKind kind) {
        return List.of(
                CanonicalSignal.STATE,
                CanonicalSignal.PARTS_GOOD,
                CanonicalSignal.PARTS_SCRAP,
                CanonicalSignal.CYCLE_TIME,
                kind.processSignal(),
                CanonicalSignal.POWER,
                CanonicalSignal.ENERGY,
                CanonicalSignal.ALARM_CODE);
    }

    /** The value of one signal as a double, the form the telemetry table stores. */
    public double value(CanonicalSignal signal) {
        return switch (signal) {
            case STATE -> state.code();
            case PARTS_GOOD -> partsGood;
            case PARTS_SCRAP -> partsScrap;
            case CYCLE_TIME -> cycleTimeSeconds;
            case POWER -> powerKw;
            case ENERGY -> energyKwh;
            case ALARM_CODE -> alarmCode;
            default -> {
                if (signal != processSignal) {
                    throw new IllegalArgumentException("a " + processSignal.key() + " machine has no " + signal.key());
                }
                yield processValue;
            }
        };
    }

    /** All exposed signals with their values, in address-space order. */
    public Map<CanonicalSignal, Double> values() {
        Map<CanonicalSignal, Double> values = new LinkedHashMap<>();
        for (CanonicalSignal s : List.of(
                CanonicalSignal.STATE,
                CanonicalSignal.PARTS_GOOD,
                CanonicalSignal.PARTS_SCRAP,
                CanonicalSignal.CYCLE_TIME,
                processSignal,
                CanonicalSignal.POWER,
                CanonicalSignal.ENERGY,
                CanonicalSignal.ALARM_CODE)) {
            values.put(s, value(s));
        }
        return values;
    }
}
