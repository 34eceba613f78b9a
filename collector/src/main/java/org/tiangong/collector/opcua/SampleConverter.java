package org.tiangong.collector.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.tiangong.analytics.model.Sample;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns an OPC UA DataValue into a {@link Sample}: the source timestamp (else the server timestamp, else the time
 * of receipt — each fallback counted), the StatusCode bits as they came, and the value as a double. Numbers
 * (Milo's unsigned types included) convert directly, Booleans become 0/1; anything else, or no value at all, is
 * NaN — stored with its status, never silently skipped.
 */
public final class SampleConverter {

    private final AtomicLong withoutSourceTime = new AtomicLong();

    public Sample convert(int signalId, DataValue value, Instant receivedAt) {
        Instant time = instant(value.getSourceTime());
        if (time == null) {
            withoutSourceTime.incrementAndGet();
            time = instant(value.getServerTime());
            if (time == null) time = receivedAt;
        }
        int status = value.getStatusCode() == null ? 0 : (int) value.getStatusCode().getValue();
        return Sample.of(signalId, time, number(value.getValue() == null ? null : value.getValue().getValue()), status);
    }

    /** Values that arrived without a source timestamp. */
    public long withoutSourceTime() {
        return withoutSourceTime.get();
    }

    static double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        return Double.NaN;
    }

    private static Instant instant(DateTime t) {
        if (t == null || t.isNull()) return null;
        return t.getJavaInstant();
    }
}
