package org.tiangong.collector.opcua;

import java.util.Map;
import org.tiangong.analytics.model.Sample;

/**
 * How one mapped node is monitored and what is stored for it: the sampling interval and absolute deadband asked of
 * the server, and the conversion of its value: {@code valueMap} (when not empty: raw code → stored value; a code not
 * in it is stored as Bad) then {@code × scale + offset}. Status and time are kept as they came.
 */
public record NodeTuning(
        double samplingIntervalMillis, double deadband, double scale, double offset, Map<Long, Double> valueMap) {

    /** Bad_OutOfRange: what a code missing from the value map is stored with. */
    static final int BAD_OUT_OF_RANGE = 0x803C_0000;

    public NodeTuning {
        if (!(samplingIntervalMillis >= 0) || Double.isInfinite(samplingIntervalMillis)) {
            throw new IllegalArgumentException("samplingIntervalMillis must be zero or positive");
        }
        if (!(deadband >= 0) || Double.isInfinite(deadband))
            throw new IllegalArgumentException("deadband must be zero or positive");
        if (!Double.isFinite(scale) || !Double.isFinite(offset))
            throw new IllegalArgumentException("scale and offset must be finite");
        valueMap = valueMap == null ? Map.of() : Map.copyOf(valueMap);
    }

    public static NodeTuning sampling(double samplingIntervalMillis) {
        return new NodeTuning(samplingIntervalMillis, 0, 1, 0, Map.of());
    }

    boolean isIdentity() {
        return scale == 1 && offset == 0 && valueMap.isEmpty();
    }

    /**
     * The sample to store for a received one: same signal and time, the converted value, the status as it came (or
     * Bad_OutOfRange for a code missing from the value map). Bad values and NaN are passed on as they are.
     */
    Sample apply(Sample received) {
        double value = received.value();
        int status = received.status();
        if (isIdentity() || Double.isNaN(value) || (status >>> 30) == 2) return received;
        double v = value;
        if (!valueMap.isEmpty()) {
            Double mapped = value == Math.rint(value) ? valueMap.get((long) value) : null;
            if (mapped == null)
                return new Sample(received.signalId(), received.timeMicros(), Double.NaN, BAD_OUT_OF_RANGE);
            v = mapped;
        }
        return new Sample(received.signalId(), received.timeMicros(), v * scale + offset, status);
    }
}
