package org.tiangong.collector.mqtt;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * Sparkplug B payloads (Eclipse Tahu's protobuf encoder) for the plant's samples and births.
 *
 * <p>NDATA: one metric per sample, named {@code <line>/<machine>/<signal>}, datatype Double, the metric timestamp in
 * milliseconds since the epoch; two optional metric properties carry what a Sparkplug timestamp cannot: {@code us}
 * (UInt16, 0–999, the microseconds within the millisecond, as PostgreSQL stores them) and {@code opcuaStatus}
 * (UInt32, the OPC UA StatusCode's 32 bits; absent = 0 Good). A value without a number (a gap marker) is NaN.
 *
 * <p>NBIRTH: one metric per signal the plant collects, value null, with properties {@code kind} (cnc, press, welder,
 * furnace) and {@code node} (the OPC UA node id), so the centre can register machines and signals it has not seen.
 */
public final class SparkplugCodec {

    public static final String MICROS = "us";
    public static final String STATUS = "opcuaStatus";
    public static final String KIND = "kind";
    public static final String NODE = "node";

    /** One sample as it travels: the metric name ({@code line/machine/signal}), time, value, OPC UA status. */
    public record PathSample(String metric, long timeMicros, double value, int status) {}

    /** One signal of a birth: metric name, machine kind, OPC UA node. */
    public record BirthSignal(String metric, String kind, String node) {}

    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    private final SparkplugBPayloadDecoder decoder = new SparkplugBPayloadDecoder();

    public byte[] data(List<PathSample> samples, long seq, long nowMillis) throws Exception {
        List<Metric> metrics = new ArrayList<>(samples.size());
        for (PathSample s : samples) {
            long millis = Math.floorDiv(s.timeMicros(), 1000L);
            int micros = (int) Math.floorMod(s.timeMicros(), 1000L);
            PropertySet props = null;
            if (micros != 0 || s.status() != 0) {
                props = new PropertySet();
                if (micros != 0) props.setProperty(MICROS, new PropertyValue<>(PropertyDataType.UInt16, micros));
                if (s.status() != 0)
                    props.setProperty(
                            STATUS, new PropertyValue<>(PropertyDataType.UInt32, Integer.toUnsignedLong(s.status())));
            }
            metrics.add(new Metric.MetricBuilder(s.metric(), MetricDataType.Double, s.value())
                    .timestamp(new Date(millis))
                    .properties(props)
                    .createMetric());
        }
        return encode(metrics, seq, nowMillis);
    }

    public byte[] birth(List<BirthSignal> signals, long seq, long nowMillis) throws Exception {
        List<Metric> metrics = new ArrayList<>(signals.size());
        for (BirthSignal b : signals) {
            PropertySet props = new PropertySet();
            props.setProperty(KIND, new PropertyValue<>(PropertyDataType.String, b.kind()));
            props.setProperty(NODE, new PropertyValue<>(PropertyDataType.String, b.node()));
            metrics.add(new Metric.MetricBuilder(b.metric(), MetricDataType.Double, null)
                    .timestamp(new Date(nowMillis))
                    .properties(props)
                    .createMetric());
        }
        return encode(metrics, seq, nowMillis);
    }

    private byte[] encode(List<Metric> metrics, long seq, long nowMillis) throws Exception {
        SparkplugBPayload payload = new SparkplugBPayload.SparkplugBPayloadBuilder(seq % 256)
                .setTimestamp(new Date(nowMillis))
                .addMetrics(metrics)
                .createPayload();
        return encoder.getBytes(payload, false);
    }

    /**
     * The samples of an NDATA payload.
     *
     * @throws Exception when the bytes are not a Sparkplug B payload or a metric has no name, time or number
     */
    public List<PathSample> decodeData(byte[] bytes) throws Exception {
        SparkplugBPayload payload = decoder.buildFromByteArray(bytes, null);
        List<PathSample> out = new ArrayList<>(payload.getMetricCount());
        for (Metric m : payload.getMetrics()) {
            if (!m.hasName()) throw new IllegalArgumentException("a metric without a name (aliases are not used)");
            if (m.getTimestamp() == null) throw new IllegalArgumentException("metric " + m.getName() + " has no time");
            double value;
            if (Boolean.TRUE.equals(m.isNull()) || m.getValue() == null) value = Double.NaN;
            else if (m.getValue() instanceof Number n) value = n.doubleValue();
            else if (m.getValue() instanceof Boolean b) value = b ? 1 : 0;
            else throw new IllegalArgumentException("metric " + m.getName() + " is not a number: " + m.getDataType());
            long micros = 0;
            int status = 0;
            PropertySet props = m.getProperties();
            if (props != null) {
                PropertyValue<?> us = props.getPropertyValue(MICROS);
                if (us != null && us.getValue() instanceof Number n) micros = n.longValue();
                PropertyValue<?> st = props.getPropertyValue(STATUS);
                if (st != null && st.getValue() instanceof Number n) status = (int) n.longValue();
            }
            if (micros < 0 || micros > 999)
                throw new IllegalArgumentException("metric " + m.getName() + ": us must be 0–999, got " + micros);
            out.add(new PathSample(m.getName(), m.getTimestamp().getTime() * 1000L + micros, value, status));
        }
        return out;
    }

    /** The signals of an NBIRTH payload. */
    public List<BirthSignal> decodeBirth(byte[] bytes) throws Exception {
        SparkplugBPayload payload = decoder.buildFromByteArray(bytes, null);
        List<BirthSignal> out = new ArrayList<>();
        for (Metric m : payload.getMetrics()) {
            PropertySet props = m.getProperties();
            if (!m.hasName() || props == null) continue; // Sparkplug's own metrics (bdSeq, Node Control/…)
            PropertyValue<?> kind = props.getPropertyValue(KIND);
            PropertyValue<?> node = props.getPropertyValue(NODE);
            if (kind == null || node == null) continue;
            out.add(new BirthSignal(m.getName(), String.valueOf(kind.getValue()), String.valueOf(node.getValue())));
        }
        return out;
    }
}
