package org.tiangong.collector.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.collector.mqtt.PlantTopic;
import org.tiangong.collector.mqtt.SparkplugCodec;

/**
 * A light publisher standing in for one plant's edge in {@link CountyBenchmark}: no OPC UA, no buffer, just the
 * edge's wire format — a retained NBIRTH of its machines' signals, then Sparkplug B NDATA with QoS 1 at a fixed rate.
 */
final class LoadPlant {

    static final List<CanonicalSignal> SIGNALS = List.of(
            CanonicalSignal.STATE,
            CanonicalSignal.PARTS_GOOD,
            CanonicalSignal.PARTS_SCRAP,
            CanonicalSignal.CYCLE_TIME,
            CanonicalSignal.SPINDLE_LOAD,
            CanonicalSignal.POWER,
            CanonicalSignal.ENERGY,
            CanonicalSignal.ALARM_CODE);

    private final PlantTopic data;
    private final PlantTopic birth;
    private final List<String> metrics = new ArrayList<>();
    private final Mqtt5AsyncClient client;
    private final SparkplugCodec codec = new SparkplugCodec();
    private final AtomicLong acked = new AtomicLong();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private long seq;
    private int next;
    private long lastMicros;

    LoadPlant(String enterprise, String plant, int machines, String host, int port) {
        this.data = new PlantTopic(enterprise, PlantTopic.NDATA, plant);
        this.birth = new PlantTopic(enterprise, PlantTopic.NBIRTH, plant);
        for (int m = 1; m <= machines; m++) for (CanonicalSignal s : SIGNALS) metrics.add("L1/M" + m + "/" + s.key());
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("load-" + enterprise + "-" + plant)
                .serverHost(host)
                .serverPort(port)
                .buildAsync();
    }

    void connect() throws Exception {
        client.connectWith().cleanStart(true).send().get();
        List<SparkplugCodec.BirthSignal> b = metrics.stream()
                .map(m -> new SparkplugCodec.BirthSignal(m, "cnc", "ns=2;s=" + m))
                .toList();
        client.publishWith()
                .topic(birth.topic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(codec.birth(b, seq++, System.currentTimeMillis()))
                .send()
                .get();
    }

    /** Publishes one NDATA of {@code samples} samples (each signal's next value, times strictly increasing). */
    synchronized void publish(int samples) throws Exception {
        long now = System.currentTimeMillis() * 1000;
        List<SparkplugCodec.PathSample> out = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            long t = Math.max(now, lastMicros + 1);
            lastMicros = t;
            out.add(new SparkplugCodec.PathSample(metrics.get(next), t, (t / 1000) % 1000, 0));
            next = (next + 1) % metrics.size();
        }
        var f = client.publishWith()
                .topic(data.topic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(codec.data(out, seq++, now / 1000))
                .send()
                .thenAccept(r -> {
                    if (r.getError().isEmpty()) acked.addAndGet(samples);
                });
        inFlight.add(f);
        inFlight.removeIf(CompletableFuture::isDone);
    }

    int signals() {
        return metrics.size();
    }

    long acked() {
        return acked.get();
    }

    synchronized void awaitAcks() {
        inFlight.forEach(CompletableFuture::join);
    }

    void close() {
        client.disconnect();
    }
}
