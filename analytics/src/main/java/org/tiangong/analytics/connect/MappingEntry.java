package org.tiangong.analytics.connect;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One node feeding one canonical signal of a machine. The stored value is {@code valueMap(raw) × scale + offset},
 * where {@code valueMap} (when not empty) translates codes, e.g. a companion-spec state number into the platform's
 * state code; a raw value missing from a non-empty map is stored as Bad.
 */
public record MappingEntry(
        String signal,
        UUID endpointId,
        String nodeId,
        double samplingIntervalMillis,
        double deadband,
        double scale,
        double offset,
        String unit,
        Map<Long, Double> valueMap) {

    public MappingEntry {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(nodeId, "nodeId");
        valueMap = valueMap == null ? Map.of() : Map.copyOf(valueMap);
    }
}
