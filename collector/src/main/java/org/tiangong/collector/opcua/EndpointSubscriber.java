package org.tiangong.collector.opcua;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.retry.Backoff;

/**
 * Collects one OPC UA endpoint: connects, subscribes every mapped node, and hands each notification as a
 * {@link org.tiangong.analytics.model.Sample Sample} to the {@link SampleQueue}. The listener never touches the database; when the queue is full it
 * waits, which is the back-pressure described in {@link SampleQueue}.
 *
 * <p>This class keeps the connection life; {@link MonitoredItems} holds what is mapped and the subscription's
 * items, {@link ContactEvents} takes what Milo reports (values, session and subscription events) to where it goes,
 * {@link SubscriptionRecovery} decides when the subscription must be created again, and {@link SampleFlow} is what
 * the values go through on their way to the queue.
 *
 * <p>Connection life, as Milo 1.x and these classes share it:
 * <ul>
 *   <li>The first connect is ours: retried with backoff (1 s doubling to 30 s) while the server is not up.</li>
 *   <li>After that, Milo keeps the session: when the connection drops it reconnects by itself (waits of 1 s doubling
 *       to 16 s), re-activates the old session or creates a new one, and tries to transfer the subscription to it.</li>
 *   <li>When the server no longer has the subscription (it restarted: {@code onTransferFailed}; or it timed the
 *       subscription out during a long stall: {@code onStatusChanged(Bad_Timeout)}; or it answers a probe after
 *       {@code onWatchdogTimerElapsed} with Bad_SubscriptionIdInvalid) a new subscription with all its items is
 *       created ({@link SubscriptionRecovery}) — on this subscriber's own thread, never on Milo's callback thread.
 *       Another Bad subscription status does the same, deleting the old subscription first so that none is left
 *       behind on the server.</li>
 *   <li>A watchdog timeout alone does not re-create: it is most often our own back-pressure, and a new subscription
 *       would throw away the values the server still holds for the old one.</li>
 * </ul>
 * Node ids written with {@code nsu=} are resolved against the server's namespace table each time the items are
 * created ({@link MonitoredItems}), so a server whose namespace indexes moved across a restart is still collected
 * correctly.
 *
 * <p>Lost contact is stored as a gap ({@link GapMarkers}, through {@link SampleFlow}): when the session goes inactive, the subscription is lost,
 * Milo reports notifications it could not get back, or the watchdog fires, every signal of the endpoint gets a
 * Bad_NoCommunication sample at the time we last heard from the server; so does a {@link #close}. The values that
 * flow after the reconnect end the gap.
 */
public final class EndpointSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private static final Duration CONNECT_BACKOFF_START = Duration.ofSeconds(1);
    private static final Duration CONNECT_BACKOFF_MAX = Duration.ofSeconds(30);

    /**
     * @param nodes                node id text ({@code ns=…;s=…} or {@code nsu=…;s=…}) → telemetry signal id
     * @param security             how to secure the connection; {@link ClientSecurity#NONE} for now
     * @param subscriptionLifetime how long the server keeps our subscription while we send no PublishRequests (our
     *                             listener waiting on a full queue, or the network gone). Long enough to ride out a
     *                             short stall; after it the server drops the subscription, we re-create it.
     * @param maxClockSkew         how far a source timestamp may be ahead of our clock before it is not believed
     *                             (see {@link SampleConverter})
     */
    public record Settings(
            String name,
            String url,
            double publishingIntervalMillis,
            double samplingIntervalMillis,
            int queueSize,
            Map<String, Integer> nodes,
            ClientSecurity security,
            Duration subscriptionLifetime,
            Duration maxClockSkew) {

        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(subscriptionLifetime, "subscriptionLifetime");
            Objects.requireNonNull(maxClockSkew, "maxClockSkew");
            nodes = Map.copyOf(nodes);
        }

        /** No security, a one-minute subscription lifetime, the default clock skew (5 min). */
        public Settings(
                String name,
                String url,
                double publishingIntervalMillis,
                double samplingIntervalMillis,
                int queueSize,
                Map<String, Integer> nodes) {
            this(
                    name,
                    url,
                    publishingIntervalMillis,
                    samplingIntervalMillis,
                    queueSize,
                    nodes,
                    ClientSecurity.NONE,
                    Duration.ofMinutes(1),
                    SampleConverter.DEFAULT_MAX_CLOCK_SKEW);
        }

        public Settings withSubscriptionLifetime(Duration lifetime) {
            return new Settings(
                    name,
                    url,
                    publishingIntervalMillis,
                    samplingIntervalMillis,
                    queueSize,
                    nodes,
                    security,
                    lifetime,
                    maxClockSkew);
        }

        public Settings withMaxClockSkew(Duration skew) {
            return new Settings(
                    name,
                    url,
                    publishingIntervalMillis,
                    samplingIntervalMillis,
                    queueSize,
                    nodes,
                    security,
                    subscriptionLifetime,
                    skew);
        }
    }

    /**
     * Counters for monitoring (exported by {@code metrics.CollectorMetrics}).
     *
     * @param connected         whether the session is active now
     * @param received          notifications received (each one became a sample in the queue)
     * @param reconnects        sessions Milo re-established after the first connect
     * @param recreations       subscriptions created again because the server had lost ours
     * @param dataLost          times Milo could not get missed notifications back (Republish failed)
     * @param watchdogTimeouts  times no PublishResponse came within 1.5 keep-alive intervals
     * @param withoutSourceTime samples that had no source timestamp (server time or receive time used)
     * @param nodesNotMonitored mapped nodes the server did not accept (unknown namespace, unknown node…) at the
     *                          latest subscribe
     * @param gapMarkers        Bad_NoCommunication samples written for lost contact (one per signal per gap)
     * @param reobserved        first values after a gap stored again at their receive time (see {@link GapMarkers})
     * @param futureTimestamps  samples whose source time was too far ahead, stored at their receive time
     */
    public record Stats(
            boolean connected,
            long received,
            long reconnects,
            long recreations,
            long dataLost,
            long watchdogTimeouts,
            long withoutSourceTime,
            int nodesNotMonitored,
            long gapMarkers,
            long reobserved,
            long futureTimestamps) {}

    private final Settings settings;
    private final SampleConverter converter;
    private final SampleFlow flow;
    private final ExecutorService worker;
    private final MonitoredItems items;
    private final SubscriptionRecovery recovery;
    private final ContactEvents events;
    /** A reconfigure arrived while the session was down: apply it to the (transferred) subscription when it is back. */
    private volatile boolean reconfigurePending;

    private volatile boolean closed;
    private volatile OpcUaClient client;

    public EndpointSubscriber(Settings settings, SampleQueue queue) {
        this(settings, queue, Map.of());
    }

    /**
     * @param openGaps signals whose newest stored sample is a gap marker (an earlier run stopped), with its time: their
     *                 first values are handled as after any gap (see {@link GapMarkers})
     */
    public EndpointSubscriber(Settings settings, SampleQueue queue, Map<Integer, Instant> openGaps) {
        this.settings = settings;
        this.converter = new SampleConverter(settings.maxClockSkew());
        this.flow = new SampleFlow(
                settings.name(), queue, converter, settings.nodes().values(), openGaps);
        this.items = new MonitoredItems(settings);
        this.recovery = new SubscriptionRecovery(
                settings.name(), items, this::subscribe, () -> closed, this::markGap, this::execute);
        this.events = new ContactEvents(settings.name(), flow, items, recovery, () -> closed, this::sessionBack);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tiangong-opcua-" + settings.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting in the background and returns at once; data flows once the server is reachable. */
    public EndpointSubscriber start() {
        worker.execute(this::connectUntilDone);
        return this;
    }

    public String name() {
        return settings.name();
    }

    public Stats stats() {
        return new Stats(
                events.connected(),
                flow.received(),
                events.reconnects(),
                recovery.recreations(),
                events.dataLost(),
                events.watchdogTimeouts(),
                converter.withoutSourceTime(),
                items.notMonitored(),
                flow.markers(),
                flow.reobserved(),
                converter.futureTimestamps());
    }

    // ---- connect -------------------------------------------------------------------------------------------

    /** The first connect is ours: retried with backoff (1 s doubling to 30 s) while the server is not up. */
    private void connectUntilDone() {
        if (closed) return;
        try {
            new Backoff(CONNECT_BACKOFF_START, CONNECT_BACKOFF_MAX, () -> closed)
                    .retry(this::connectOnce, new Backoff.Listener() {
                        @Override
                        public void failed(int attempt, Exception e, Duration wait) {
                            if (closed) return;
                            if (attempt == 1) {
                                log.warn(
                                        "endpoint {}: cannot connect to {} ({}); retrying with backoff up to {} s",
                                        settings.name(),
                                        settings.url(),
                                        rootMessage(e),
                                        CONNECT_BACKOFF_MAX.toSeconds());
                            } else {
                                log.debug(
                                        "endpoint {}: connect attempt {} failed: {}",
                                        settings.name(),
                                        attempt,
                                        rootMessage(e));
                            }
                        }

                        @Override
                        public void succeeded(int attempt, Duration failingFor) {
                            if (closed) return;
                            log.info(
                                    "endpoint {}: connected to {} after {} attempt(s); {} nodes monitored",
                                    settings.name(),
                                    settings.url(),
                                    attempt,
                                    items.monitored());
                        }
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    private void connectOnce() throws Exception {
        OpcUaClient c = null;
        try {
            c = newClient();
            client = c;
            c.connect();
            items.subscribe(c, events);
            c.addSessionActivityListener(events);
        } catch (Exception e) {
            disconnectQuietly(c);
            throw e;
        }
        if (closed) {
            disconnectQuietly(c); // close() ran while we were connecting
            return;
        }
        events.connected(true);
        flow.heard();
    }

    private OpcUaClient newClient() throws UaException {
        return ClientFactory.create(settings.name(), settings.url(), settings.security());
    }

    /** Creates the subscription with all its items on the current client (for {@link SubscriptionRecovery}). */
    private void subscribe() throws UaException {
        items.subscribe(client, events);
    }

    /** A session is active again: mapping changes made while it was down reach the subscription now. */
    private void sessionBack() {
        if (reconfigurePending) execute(this::synchronizeItems);
    }

    // ---- mapping -------------------------------------------------------------------------------------------

    /**
     * Changes what this endpoint collects without reconnecting: monitored items of nodes no longer mapped (or mapped
     * differently) are deleted, new ones created, in the running subscription. Signals that stop being collected get
     * a gap marker. Runs on this subscriber's thread; returns at once. Before the first connect it only replaces
     * the set that the connect will subscribe.
     */
    public void reconfigure(Map<String, Integer> newNodes, Map<String, NodeTuning> newTuning) {
        Map<String, Integer> nodesCopy = Map.copyOf(newNodes);
        Map<String, NodeTuning> tuningCopy = Map.copyOf(newTuning);
        execute(() -> applyReconfigure(nodesCopy, tuningCopy));
    }

    private void applyReconfigure(Map<String, Integer> newNodes, Map<String, NodeTuning> newTuning) {
        List<Integer> dropped = items.replace(newNodes, newTuning);
        flow.remap(newNodes.values(), dropped);
        synchronizeItems();
    }

    /** Brings the running subscription's items in line with the mapping (later, when the session is down). */
    private void synchronizeItems() {
        OpcUaSubscription s = items.current();
        OpcUaClient c = client;
        if (s == null || c == null) return; // the first subscribe uses the new set
        if (!events.connected()) {
            // Milo may transfer the existing subscription to the new session: sync its items once it is active
            reconfigurePending = true;
            return;
        }
        reconfigurePending = false;
        if (!items.synchronize(c, s)) recovery.recreateLater(s, "mapping reload failed");
    }

    /** The node ids this endpoint collects now, with their signal ids. */
    public Map<String, Integer> nodes() {
        return items.nodes();
    }

    /** A gap for every signal, unless closing (close marks its own). Called on Milo's threads. */
    private void markGap(String reason) {
        events.markGap(reason);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void disconnectQuietly(OpcUaClient c) {
        if (c == null) return;
        try {
            c.disconnectAsync().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("endpoint {}: disconnect failed: {}", settings.name(), rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Stops collecting: no more connects or re-creations; the session is closed (the server drops our subscription).
     * From now on there is no data: a gap marker for every signal says so.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        worker.shutdownNow();
        try {
            // a connect or re-create in progress finishes (or fails) before the client is closed under it
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnectQuietly(client);
        events.connected(false);
        flow.markGapNow("collector stopping");
        log.info("endpoint {}: closed", settings.name());
    }
}
