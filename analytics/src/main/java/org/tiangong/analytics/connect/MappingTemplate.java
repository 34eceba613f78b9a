package org.tiangong.analytics.connect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A mapping saved for a machine model. Each entry names its node by a browse path relative to the machine's root
 * node (qualified names with namespace URIs), so it applies to any machine of the model whatever its node ids.
 * Owned by a vendor organisation or by an enterprise (exactly one of the two ids is set).
 */
public record MappingTemplate(
        UUID id, UUID enterpriseId, UUID vendorId, String model, String name, List<Entry> entries, Instant createdAt) {

    /** One step of a browse path: a qualified name with its namespace URI. */
    public record PathElement(String namespaceUri, String name) {}

    public record Entry(
            String signal,
            List<PathElement> path,
            double samplingIntervalMillis,
            double deadband,
            double scale,
            double offset,
            String unit,
            Map<Long, Double> valueMap) {
        public Entry {
            path = List.copyOf(path);
            valueMap = valueMap == null ? Map.of() : Map.copyOf(valueMap);
        }
    }
}
