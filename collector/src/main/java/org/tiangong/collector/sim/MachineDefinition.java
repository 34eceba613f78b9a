package org.tiangong.collector.sim;

import java.util.Objects;
import org.tiangong.analytics.model.MachineKind;

/**
 * One simulated machine: who it is (code, name, kind, model) and the parameters of its random process, every one
 * resolved (a plant file's value or the default of its kind, see {@link ProcessParameters#defaults}).
 *
 * @param model   the machine model, or null
 * @param process the parameters of its random process
 */
public record MachineDefinition(String code, String name, MachineKind kind, String model, ProcessParameters process) {

    public MachineDefinition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(process, "process");
    }

    /** A machine with every parameter at the default of its kind; handy in tests and for quick layouts. */
    public static MachineDefinition withDefaults(String code, String name, MachineKind kind) {
        return new MachineDefinition(code, name, kind, null, ProcessParameters.defaults(kind));
    }

    public MachineDefinition withModel(String model) {
        return new MachineDefinition(code, name, kind, model, process);
    }

    public MachineDefinition withIdealCycleTimeSeconds(double seconds) {
        return new MachineDefinition(code, name, kind, model, process.withIdealCycleTimeSeconds(seconds));
    }

    public MachineDefinition withReliability(double mtbfMinutes, double mttrMinutes) {
        return new MachineDefinition(code, name, kind, model, process.withReliability(mtbfMinutes, mttrMinutes));
    }

    public MachineDefinition withStartupMinutes(double minutes) {
        return new MachineDefinition(code, name, kind, model, process.withStartupMinutes(minutes));
    }

    /** The fastest possible cycle (the ideal cycle time OEE's performance is measured against). */
    public double idealCycleTimeSeconds() {
        return process.idealCycleTimeSeconds();
    }
}
