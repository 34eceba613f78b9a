package org.tiangong.analytics.model;

import java.util.List;

/** A plant layout to register in the database: enterprise → plants → lines → machines, identified by codes. */
public record TopologySpec(String code, String name, List<PlantSpec> plants) {

    public record PlantSpec(String code, String name, String timeZone, List<LineSpec> lines) {}

    public record LineSpec(String code, String name, List<MachineSpec> machines) {}

    /** @param ratedPowerKw the rated electrical power (null: unknown), the default limit of the energy meter */
    public record MachineSpec(
            String code,
            String name,
            MachineKind kind,
            String model,
            Double idealCycleTimeSeconds,
            Double ratedPowerKw) {

        public MachineSpec(String code, String name, MachineKind kind, String model, Double idealCycleTimeSeconds) {
            this(code, name, kind, model, idealCycleTimeSeconds, null);
        }
    }
}
