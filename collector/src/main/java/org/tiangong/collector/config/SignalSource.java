package org.tiangong.collector.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.collector.connect.UnitConversions;

/**
 * The node that feeds one canonical signal in a collector YAML, with the same per-node settings as a mapping saved
 * through the platform. Written either as the node id alone ({@code state: "nsu=…;s=L1/M1/State"}) or as an object:
 *
 * <pre>
 * cycle_time: {node: "nsu=urn:example;s=M1/CycleTimeMs", scale: 0.001, unit: ms}
 * state:      {node: "ns=2;s=M1/Mode", samplingIntervalMillis: 100, valueMap: {"0": 0, "1": 2, "2": 4}}
 * </pre>
 *
 * The stored value is {@code valueMap(raw) × scale + offset}; a raw value missing from a non-empty value map is
 * stored as Bad. {@code unit} is what the node delivers before scaling (documentation; the signal keeps its canonical
 * unit): it converts values on the way in ({@link UnitConversions#forMapping}: {@code unit: ms} alone stores seconds;
 * a unit that cannot be converted to the signal's unit fails the load). Null fields take the defaults: the endpoint's
 * sampling interval, deadband 0, scale 1, offset 0.
 */
public record SignalSource(
        String node,
        Double scale,
        Double offset,
        String unit,
        Double samplingIntervalMillis,
        Double deadband,
        Map<String, Double> valueMap) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public SignalSource(
            @JsonProperty("node") String node,
            @JsonProperty("scale") Double scale,
            @JsonProperty("offset") Double offset,
            @JsonProperty("unit") String unit,
            @JsonProperty("samplingIntervalMillis") Double samplingIntervalMillis,
            @JsonProperty("deadband") Double deadband,
            @JsonProperty("valueMap") Map<String, Double> valueMap) {
        this.node = node;
        this.scale = scale;
        this.offset = offset;
        this.unit = unit;
        this.samplingIntervalMillis = samplingIntervalMillis;
        this.deadband = deadband;
        this.valueMap = valueMap;
    }

    /** The short form: the node id alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SignalSource of(String node) {
        return new SignalSource(node, null, null, null, null, null, null);
    }

    /** Whether anything but the node is set (then the collector tunes the node instead of using the endpoint's defaults). */
    public boolean hasSettings() {
        return scale != null
                || offset != null
                || samplingIntervalMillis != null
                || deadband != null
                || (valueMap != null && !valueMap.isEmpty());
    }

    /** The scale and offset values are stored with, for {@code signal} ({@link UnitConversions#forMapping}). */
    public UnitConversions.Conversion conversion(CanonicalSignal signal) {
        return UnitConversions.forMapping(unit, signal.unit(), scale != null ? scale : 1, offset != null ? offset : 0);
    }

    /** Why the unit cannot be used for the canonical signal {@code key}, or null when it can (or none is given). */
    public String unitProblem(String key) {
        try {
            conversion(CanonicalSignal.fromKey(key).orElseThrow());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Whether anything but the node and its sampling is set, or the unit converts (then the node is tuned). */
    public boolean converts(CanonicalSignal signal) {
        var c = conversion(signal);
        return hasSettings() || c.scale() != 1 || c.offset() != 0;
    }

    /** The value map with integer codes; valid only after {@link CollectorConfig#validated}. */
    public Map<Long, Double> codes() {
        Map<Long, Double> out = new java.util.HashMap<>();
        if (valueMap != null) valueMap.forEach((k, v) -> out.put(Long.parseLong(k.trim()), v));
        return out;
    }
}
