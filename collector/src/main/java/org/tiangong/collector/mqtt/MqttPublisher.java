package org.tiangong.collector.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.ingest.BatchSink;

/**
 * The edge's way out: the buffer's {@link org.tiangong.collector.buffer.Forwarder} hands it the oldest samples, it
 * publishes them as Sparkplug B NDATA ({@link SparkplugCodec}) with QoS 1 on the plant's topic ({@link PlantTopic}),
 * and returns only when the broker has acknowledged every message (PUBACK with a success code): only then does the
 * forwarder delete them from the buffer. A missing or failed PUBACK throws, the forwarder keeps the batch and retries
 * with backoff; a batch sent again is stored once by the centre (idempotent by signal and time).
 *
 * <p>The session is persistent (clean start false, session expiry {@link BrokerSettings#sessionExpiry()}): after a
 * broken connection the client resumes it and sends the unacknowledged messages again, and a retry of the same batch
 * waits for those instead of publishing a third copy. While the broker is unreachable the publisher refuses at once,
 * so the backlog stays on disk, not in the client's memory. Before the first data of each plant in a run it publishes
 * the plant's NBIRTH (every signal with machine kind and OPC UA node), so the centre can register new signals; the
 * birth is retained by the broker, so an ingest instance that subscribes later still gets it.
 */
public final class MqttPublisher implements BatchSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);

    /** Samples per MQTT message: a 5 000-sample batch becomes five messages (about 30 KB each). */
    public static final int MAX_SAMPLES_PER_MESSAGE = 1000;

    private final Mqtt5AsyncClient client;
    private final EdgeSignals signals;
    private final Duration ackTimeout;
    private final SparkplugCodec codec = new SparkplugCodec();
    private final Set<PlantTopic> born = new HashSet<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private long seq;
    private List<Sample> pendingBatch;
    private List<CompletableFuture<Mqtt5PublishResult>> pending = List.of();
    private List<PlantTopic> pendingBirths = List.of();

    private MqttPublisher(Mqtt5AsyncClient client, EdgeSignals signals, Duration ackTimeout) {
        this.client = client;
        this.signals = signals;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Starts connecting (in the background: a broker that is not up yet is retried, 0.5 s doubling to 10 s, and the
     * samples wait in the buffer) with a persistent session.
     */
    public static MqttPublisher connect(BrokerSettings s, EdgeSignals signals, Duration ackTimeout) {
        Mqtt5AsyncClient client = BrokerClients.builder(s)
                .addConnectedListener(c -> log.info("connected to the MQTT broker {}", s))
                .addDisconnectedListener(c -> log.warn(
                        "MQTT broker {}: disconnected ({}); samples stay in the buffer, reconnecting",
                        s,
                        c.getCause().toString()))
                .buildAsync();
        var connect = client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(s.sessionExpiry().toSeconds());
        if (s.username() != null) {
            var auth = connect.simpleAuth().username(s.username());
            if (s.password() != null) auth = auth.password(s.password());
            connect = auth.applySimpleAuth();
        }
        connect.send();
        return new MqttPublisher(client, signals, ackTimeout);
    }

    @Override
    public synchronized int write(List<Sample> batch) throws Exception {
        if (!client.getState().isConnected()) throw new IllegalStateException("not connected to the MQTT broker");
        if (batch != pendingBatch || pending.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
            publish(batch);
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (CompletableFuture<Mqtt5PublishResult> f : pending) {
            long left = deadline - System.nanoTime();
            Mqtt5PublishResult r;
            try {
                r = f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("no PUBACK from the MQTT broker within " + ackTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw new IllegalStateException("the MQTT broker refused a message: " + e.getCause(), e.getCause());
            }
            if (r.getError().isPresent())
                throw new IllegalStateException(
                        "the MQTT broker refused a message: " + r.getError().get());
        }
        born.addAll(pendingBirths);
        acknowledged.addAndGet(batch.size());
        pendingBatch = null;
        pending = List.of();
        pendingBirths = List.of();
        return batch.size();
    }

    private void publish(List<Sample> batch) throws Exception {
        long now = System.currentTimeMillis();
        Map<PlantTopic, List<SparkplugCodec.PathSample>> byPlant = new LinkedHashMap<>();
        PlantTopic unknownPlant = null;
        for (Sample s : batch) {
            var entry = signals.byId(s.signalId());
            PlantTopic topic;
            String metric;
            if (entry.isPresent()) {
                topic = entry.get().topic(PlantTopic.NDATA);
                metric = entry.get().metric();
            } else {
                // cannot happen unless the id file was removed under a full buffer: sent anyway, so that the centre
                // keeps it as a dead letter instead of the edge dropping it
                if (unknownPlant == null) unknownPlant = anyPlant();
                topic = unknownPlant;
                metric = "unknown-edge-signal/" + s.signalId();
            }
            byPlant.computeIfAbsent(topic, k -> new ArrayList<>())
                    .add(new SparkplugCodec.PathSample(metric, s.timeMicros(), s.value(), s.status()));
        }
        List<CompletableFuture<Mqtt5PublishResult>> futures = new ArrayList<>();
        List<PlantTopic> births = new ArrayList<>();
        for (PlantTopic data : byPlant.keySet()) {
            PlantTopic birth = new PlantTopic(data.enterprise(), PlantTopic.NBIRTH, data.plant());
            if (born.contains(birth)) continue;
            List<SparkplugCodec.BirthSignal> of = signals.all().stream()
                    .filter(e -> e.topic(PlantTopic.NBIRTH).equals(birth))
                    .map(e -> new SparkplugCodec.BirthSignal(e.metric(), e.kind(), e.node()))
                    .toList();
            futures.add(send(birth, codec.birth(of, seq++, now), true));
            births.add(birth);
        }
        for (var e : byPlant.entrySet()) {
            List<SparkplugCodec.PathSample> samples = e.getValue();
            for (int i = 0; i < samples.size(); i += MAX_SAMPLES_PER_MESSAGE) {
                var chunk = samples.subList(i, Math.min(samples.size(), i + MAX_SAMPLES_PER_MESSAGE));
                futures.add(send(e.getKey(), codec.data(chunk, seq++, now), false));
            }
        }
        pendingBatch = batch;
        pending = futures;
        pendingBirths = births;
    }

    private PlantTopic anyPlant() {
        return signals.all().isEmpty()
                ? new PlantTopic("unknown", PlantTopic.NDATA, "unknown")
                : signals.all().get(0).topic(PlantTopic.NDATA);
    }

    private CompletableFuture<Mqtt5PublishResult> send(PlantTopic topic, byte[] payload, boolean retain) {
        messages.incrementAndGet();
        return client.publishWith()
                .topic(topic.topic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(retain)
                .payload(payload)
                .send();
    }

    /** Messages published (births included) and samples the broker acknowledged. */
    public record Stats(long messages, long acknowledgedSamples, boolean connected) {}

    public Stats stats() {
        return new Stats(messages.get(), acknowledged.get(), client.getState().isConnected());
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
    }
}
