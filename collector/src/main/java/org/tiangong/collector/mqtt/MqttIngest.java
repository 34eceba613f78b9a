package org.tiangong.collector.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.collector.retry.Backoff;

/**
 * One central ingest instance: subscribes to every plant's NDATA through an MQTT 5 shared subscription
 * ({@code $share/<group>/spBv1.0/+/NDATA/+}, so that N instances split the load) and to the births (not shared),
 * with a persistent session and manual
 * acknowledgement. A writer thread takes the delivered messages in batches, registers births, decodes the samples
 * ({@link IngestBatch}), writes them through the idempotent {@link TelemetryWriter} (COPY → staging → ON CONFLICT DO
 * NOTHING) and the poison ones to the dead letters, and acknowledges (PUBACK) each message only after both commits.
 * A killed instance has acknowledged nothing it had not stored: the broker delivers those messages again (to this
 * instance's session when it comes back, or to another of the group), and a sample delivered twice is stored once.
 *
 * <p>Bounded: the broker sends at most {@code receiveMaximum} unacknowledged messages to this instance; the hand-over
 * queue holds that many, so the client's thread never waits. While the database is away the batch is retried with
 * backoff (0.5 s doubling to 10 s) and nothing is acknowledged, so the broker stops sending and keeps the plants' data
 * in its queue (bounded by the broker's own limit per client or shared queue, see docs/reliability.md).
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);

    private final IngestOptions options;
    private final Mqtt5AsyncClient client;
    private final BlockingQueue<Mqtt5Publish> delivered;
    private final IngestBatch batch;
    private final Thread writer;
    private final Backoff retry = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), () -> !this.running);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean subscribed;

    private MqttIngest(IngestOptions options, DataSource ds) {
        this.options = options;
        this.delivered = new ArrayBlockingQueue<>(options.receiveMaximum());
        this.batch = new IngestBatch(
                new SignalResolver(ds), new TelemetryWriter(ds), new DeadLetters(ds), options.unknownGrace());
        BrokerSettings s = options.broker();
        this.client = BrokerClients.builder(s)
                .addConnectedListener(c -> {
                    log.info("ingest {}: connected to the MQTT broker {}", s.clientId(), s);
                    subscribe();
                })
                .addDisconnectedListener(c -> log.warn(
                        "ingest {}: disconnected from the MQTT broker ({}); reconnecting",
                        s.clientId(),
                        c.getCause().toString()))
                .buildAsync();
        this.writer = new Thread(this::run, "tiangong-mqtt-ingest");
        this.writer.setDaemon(true);
    }

    /** Starts the writer and connects in the background (a broker not up yet is retried). */
    public static MqttIngest start(IngestOptions options, DataSource dataSource) {
        MqttIngest ingest = new MqttIngest(options, dataSource);
        ingest.writer.start();
        // registered before the connect: a resumed session delivers what was queued or in flight for it at once,
        // before this process has sent its SUBSCRIBE. ALL, not SUBSCRIBED: the client counts those messages as
        // unsolicited (no subscription of its own matches yet), and a message no flow takes is acknowledged by the
        // client and gone ("No publish flow registered"; seen in MqttPathTest after a broker restart)
        ingest.client.publishes(MqttGlobalPublishFilter.ALL, ingest::hand, true);
        BrokerSettings s = options.broker();
        var connect = ingest.client
                .connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(s.sessionExpiry().toSeconds())
                .restrictions()
                .receiveMaximum(options.receiveMaximum())
                .applyRestrictions();
        if (s.username() != null) {
            var auth = connect.simpleAuth().username(s.username());
            if (s.password() != null) auth = auth.password(s.password());
            connect = auth.applySimpleAuth();
        }
        connect.send();
        return ingest;
    }

    private void subscribe() {
        String share = "$share/" + options.group() + "/";
        // births not shared: every instance registers every plant's signals (idempotent), and gets the retained
        // births of plants that were born before it subscribed (retained messages never reach shared subscriptions).
        // One filter per SUBSCRIBE, never both in one: HiveMQ CE (2025.5) handles a SUBSCRIBE of two or more filters
        // on a path that refreshes its "this client has shared subscriptions" state before it has stored them, and
        // a poll in between (a birth acknowledged, the connect's own poll) marks the connection as having none, for
        // good: the broker then never offers the group's queue to this instance again after an acknowledgement,
        // and the group stalls (docs/reliability.md, "Over MQTT"). A one-filter SUBSCRIBE stores first.
        client.subscribeWith()
                .topicFilter(PlantTopic.filter(PlantTopic.NBIRTH))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .thenCompose(births -> client.subscribeWith()
                        .topicFilter(share + PlantTopic.filter(PlantTopic.NDATA))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send())
                .whenComplete((ack, e) -> {
                    if (e != null) log.warn("ingest: subscribing failed: {}", e.toString());
                    else subscribed = true;
                });
    }

    private void hand(Mqtt5Publish p) {
        try {
            // never waits: the broker sends at most receiveMaximum unacknowledged messages, and this queue holds them
            received.incrementAndGet();
            delivered.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                Mqtt5Publish first = delivered.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Mqtt5Publish> taken = new ArrayList<>();
                taken.add(first);
                long deadline = System.nanoTime() + options.flushInterval().toNanos();
                int samples = estimate(first);
                while (samples < options.batchSamples()) {
                    long left = deadline - System.nanoTime();
                    Mqtt5Publish next = left > 0 ? delivered.poll(left, TimeUnit.NANOSECONDS) : delivered.poll();
                    if (next == null) break;
                    taken.add(next);
                    samples += estimate(next);
                }
                IngestBatch.Result[] result = new IngestBatch.Result[1];
                boolean done = retry.retry(() -> result[0] = batch.write(taken), new Backoff.Listener() {
                    @Override
                    public void failed(int attempt, Exception e, Duration wait) {
                        failedWrites.incrementAndGet();
                        if (attempt == 1)
                            log.warn(
                                    "ingest: cannot store {} messages ({}); not acknowledged, retrying",
                                    taken.size(),
                                    e.toString());
                    }

                    @Override
                    public void succeeded(int attempt, Duration failingFor) {
                        if (attempt > 1) log.info("ingest: storing succeeds again after {} s", failingFor.toSeconds());
                    }
                });
                if (!done) break; // closing: not acknowledged, the broker delivers them again
                taken.forEach(Mqtt5Publish::acknowledge);
                messages.addAndGet(taken.size());
                stored.addAndGet(result[0].stored());
                duplicates.addAndGet(result[0].samples() - result[0].stored());
                deadLetters.addAndGet(result[0].deadLetters());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** About how many samples a message holds (~30 bytes each), to size batches before decoding. */
    private static int estimate(Mqtt5Publish p) {
        return Math.max(1, p.getPayloadAsBytes().length / 30);
    }

    /**
     * @param received    messages the broker delivered to this instance (acknowledged or not yet)
     * @param messages    messages stored and acknowledged
     * @param stored      samples newly stored
     * @param duplicates  samples the database already had (redeliveries, replays)
     * @param deadLetters messages kept as dead letters (new ones)
     */
    public record Stats(
            long received,
            long messages,
            long stored,
            long duplicates,
            long deadLetters,
            long failedWrites,
            boolean connected,
            boolean subscribed) {}

    public Stats stats() {
        return new Stats(
                received.get(),
                messages.get(),
                stored.get(),
                duplicates.get(),
                deadLetters.get(),
                failedWrites.get(),
                client.getState().isConnected(),
                subscribed);
    }

    /**
     * Stops taking messages, lets the batch in progress finish (and be acknowledged) and disconnects; the session
     * stays at the broker, so what was delivered but not acknowledged comes again.
     */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("ingest: disconnect: {}", e.toString());
        }
    }

    /** Test seam for a hard stop: drops the connection without acknowledging what is in flight, as a kill would. */
    void abandon() {
        running = false;
        writer.interrupt();
        client.disconnect(); // over a cut link: stops reconnecting; the broker never sees a DISCONNECT
    }
}
