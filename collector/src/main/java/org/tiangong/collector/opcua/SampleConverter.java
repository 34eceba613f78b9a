package org.tiangong.collector.opcua;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.tiangong.analytics.model.Sample;

/**
 * Turns an OPC UA DataValue into a {@link Sample}: the source timestamp (else the server timestamp, else the time
 * of receipt — each fallback counted), the StatusCode bits as they came, and the value as a double. Numbers
 * (Milo's unsigned types included) convert directly, Booleans become 0/1; anything else, or no value at all, is
 * NaN — stored with its status, never silently skipped.
 *
 * <p>A timestamp more than {@code maxClockSkew} ahead of the collector's clock (a device whose clock is wrong) is not
 * believed: the sample is stored at the time it was received instead, and flagged by its status. A Good status
 * becomes Uncertain (bit 30 set, every other bit kept: {@code status | 0x40000000}), so analytics never counts the
 * value as good data; an Uncertain or Bad status is kept as it is. Each such sample is counted
 * ({@link #futureTimestamps}). Late and out-of-order timestamps are kept as they are.
 */
public final class SampleConverter {

    /** The default tolerance for source timestamps ahead of the collector's clock. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** Severity Uncertain (01 in bits 31..30). */
    static final int UNCERTAIN_BIT = 0x4000_0000;

    private final long maxSkewMicros;
    private final AtomicLong withoutSourceTime = new AtomicLong();
    private final AtomicLong futureTimestamps = new AtomicLong();

    public SampleConverter() {
        this(DEFAULT_MAX_CLOCK_SKEW);
    }

    public SampleConverter(Duration maxClockSkew) {
        if (maxClockSkew.isNegative()) throw new IllegalArgumentException("maxClockSkew must not be negative");
        this.maxSkewMicros = Sample.toMicros(Instant.EPOCH.plus(maxClockSkew));
    }

    public Sample convert(int signalId, DataValue value, Instant receivedAt) {
        Instant time = instant(value.getSourceTime());
        if (time == null) {
            withoutSourceTime.incrementAndGet();
            time = instant(value.getServerTime());
            if (time == null) time = receivedAt;
        }
        int status =
                value.getStatusCode() == null ? 0 : (int) value.getStatusCode().getValue();
        double number =
                number(value.getValue() == null ? null : value.getValue().getValue());
        long micros = Sample.toMicros(time);
        long receivedMicros = Sample.toMicros(receivedAt);
        if (micros - receivedMicros > maxSkewMicros) {
            futureTimestamps.incrementAndGet();
            if ((status >>> 30) == 0) status |= UNCERTAIN_BIT;
            return new Sample(signalId, receivedMicros, number, status);
        }
        return new Sample(signalId, micros, number, status);
    }

    /** Values that arrived without a source timestamp. */
    public long withoutSourceTime() {
        return withoutSourceTime.get();
    }

    /** Values whose source timestamp was too far ahead of the collector's clock, stored at their receive time. */
    public long futureTimestamps() {
        return futureTimestamps.get();
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
