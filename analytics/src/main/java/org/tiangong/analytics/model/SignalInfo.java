package org.tiangong.analytics.model;

import java.util.UUID;

/** A machine's signal as stored: its id in telemetry, canonical name, unit and the node that feeds it. */
public record SignalInfo(int id, UUID machineId, CanonicalSignal signal, String unit, String sourceNode) {}
