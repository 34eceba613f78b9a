package org.tiangong.analytics.model;

import java.util.UUID;

/** A production machine. {@code idealCycleTimeSeconds} may be null when nobody has set it yet. */
public record Machine(
        UUID id,
        UUID lineId,
        String code,
        String name,
        MachineKind kind,
        String model,
        Double idealCycleTimeSeconds,
        Double ratedPowerKw) {}
