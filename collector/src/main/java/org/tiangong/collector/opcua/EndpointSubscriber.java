package org.tiangong.collector.opcua;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.ingest.SampleQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Collects one OPC UA endpoint: connects, subscribes every mapped node, and hands each notification as a
 * {@link Sample} to the {@link SampleQueue}. The listener never touches the database; when the queue is full it
 * waits, which is the back-pressure described in {@link SampleQueue}.
 *
 * <p>Connection life, as Milo 1.x and this class share it:
 * <ul>
 *   <li>The first connect is ours: retried with backoff (1 s doubling to 30 s) while the server is not up.</li>
 *   <li>After that, Milo keeps the session: when the connection drops it reconnects by itself (waits of 1 s doubling
 *       to 16 s), re-activates the old session or creates a new one, and tries to transfer the subscription to it.</li>
 *   <li>When the server no longer has the subscription (it restarted: {@code onTransferFailed}; or it timed the
 *       subscription out during a long stall: {@code onStatusChanged(Bad_Timeout)}; or it answers a probe after
 *       {@code onWatchdogTimerElapsed} with Bad_SubscriptionIdInvalid) a new subscription with all its items is
 *       created — on this subscriber's own thread, never on Milo's callback thread. Another Bad subscription status
 *       does the same, deleting the old subscription first so that none is left behind on the server.</li>
 *   <li>A watchdog timeout alone does not re-create: it is most often our own back-pressure, and a new subscription
 *       would throw away the values the server still holds for the old one.</li>
 * </ul>
 * Node ids written with {@code nsu=} are resolved against the server's namespace table each time the items are
 * created, so a server whose namespace indexes moved across a restart is still collected correctly.
 *
 * <p>Lost contact is stored as a gap ({@link GapMarkers}): when the session goes inactive, the subscription is lost,
 * Milo reports notifications it could not get back, or the watchdog fires, every signal of the endpoint gets a
 * Bad_NoCommunication sample at the time we last heard from the server; so does a {@link #close}. The values that
 * flow after the reconnect end the gap.
 */
public final class EndpointSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private static final long CONNECT_BACKOFF_START_MILLIS = 1_000;
    private static final long CONNECT_BACKOFF_MAX_MILLIS = 30_000;
    private static final long RECREATE_BACKOFF_START_MILLIS = 500;
    private static final long RECREATE_BACKOFF_MAX_MILLIS = 10_000;
    private static final double KEEP_ALIVE_MILLIS = 5_000;

    /**
     * @param nodes                node id text ({@code ns=…;s=…} or {@code nsu=…;s=…}) → telemetry signal id
     * @param security             how to secure the connection; {@link ClientSecurity#NONE} for now
     * @param subscriptionLifetime how long the server keeps our subscription while we send no PublishRequests (our
     *                             listener waiting on a full queue, or the network gone). Long enough to ride out a
     *                             short stall; after it the server drops the subscription, we re-create it.
     * @param maxClockSkew         how far a source timestamp may be ahead of our clock before it is not believed
     *                             (see {@link SampleConverter})
     */
    public record Settings(String name, String url, double publishingIntervalMillis, double samplingIntervalMillis,
                           int queueSize, Map<String, Integer> nodes, ClientSecurity security, Duration subscriptionLifetime,
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
        public Settings(String name, String url, double publishingIntervalMillis, double samplingIntervalMillis,
                        int queueSize, Map<String, Integer> nodes) {
            this(name, url, publishingIntervalMillis, samplingIntervalMillis, queueSize, nodes, ClientSecurity.NONE,
                    Duration.ofMinutes(1), SampleConverter.DEFAULT_MAX_CLOCK_SKEW);
        }

        public Settings withSubscriptionLifetime(Duration lifetime) {
            return new Settings(name, url, publishingIntervalMillis, samplingIntervalMillis, queueSize, nodes, security,
                    lifetime, maxClockSkew);
        }

        public Settings withMaxClockSkew(Duration skew) {
            return new Settings(name, url, publishingIntervalMillis, samplingIntervalMillis, queueSize, nodes, security,
                    subscriptionLifetime, skew);
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
    public record Stats(boolean connected, long received, long reconnects, long recreations, long dataLost,
                        long watchdogTimeouts, long withoutSourceTime, int nodesNotMonitored, long gapMarkers,
                        long reobserved, long futureTimestamps) {}

    private final Settings settings;
    private final SampleQueue queue;
    private final SampleConverter converter;
    private final GapMarkers gaps;
    private final ExecutorService worker;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong recreations = new AtomicLong();
    private final AtomicLong dataLost = new AtomicLong();
    private final AtomicLong watchdogTimeouts = new AtomicLong();
    private final AtomicBoolean recreating = new AtomicBoolean();
    private volatile int nodesNotMonitored;
    /** node id text → signal id, and per node its tuning: replaced as a whole by {@link #reconfigure}. */
    private volatile Map<String, Integer> nodes;
    private volatile Map<String, NodeTuning> tuning = Map.of();
    /** A reconfigure arrived while the session was down: apply it to the (transferred) subscription when it is back. */
    private volatile boolean reconfigurePending;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile Instant lastHeard;

    public EndpointSubscriber(Settings settings, SampleQueue queue) {
        this(settings, queue, Map.of());
    }

    /**
     * @param openGaps signals whose newest stored sample is a gap marker (an earlier run stopped), with its time: their
     *                 first values are handled as after any gap (see {@link GapMarkers})
     */
    public EndpointSubscriber(Settings settings, SampleQueue queue, Map<Integer, Instant> openGaps) {
        this.settings = settings;
        this.queue = queue;
        this.converter = new SampleConverter(settings.maxClockSkew());
        this.nodes = settings.nodes();
        this.gaps = new GapMarkers(settings.nodes().values());
        openGaps.forEach(gaps::resumeGap);
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
        return new Stats(connected, received.get(), reconnects.get(), recreations.get(), dataLost.get(),
                watchdogTimeouts.get(), converter.withoutSourceTime(), nodesNotMonitored, gaps.markers(),
                gaps.reobserved(), converter.futureTimestamps());
    }

    // ---- connect -------------------------------------------------------------------------------------------

    private void connectUntilDone() {
        long backoff = CONNECT_BACKOFF_START_MILLIS;
        for (int attempt = 1; !closed; attempt++) {
            OpcUaClient c = null;
            try {
                c = newClient();
                client = c;
                c.connect();
                subscribe(c);
                c.addSessionActivityListener(new SessionLog());
                if (closed) {
                    disconnectQuietly(c); // close() ran while we were connecting
                    return;
                }
                connected = true;
                lastHeard = Instant.now();
                log.info("endpoint {}: connected to {} after {} attempt(s); {} nodes monitored", settings.name(),
                        settings.url(), attempt, nodes.size() - nodesNotMonitored);
                return;
            } catch (Exception e) {
                disconnectQuietly(c);
                if (closed) return;
                if (attempt == 1) {
                    log.warn("endpoint {}: cannot connect to {} ({}); retrying with backoff up to {} s", settings.name(),
                            settings.url(), rootMessage(e), CONNECT_BACKOFF_MAX_MILLIS / 1000);
                } else {
                    log.debug("endpoint {}: connect attempt {} failed: {}", settings.name(), attempt, rootMessage(e));
                }
                if (!pause(backoff)) return;
                backoff = Math.min(CONNECT_BACKOFF_MAX_MILLIS, backoff * 2);
            }
        }
    }

    private OpcUaClient newClient() throws UaException {
        return ClientFactory.create(settings.name(), settings.url(), settings.security());
    }

    /** One log line per disconnect and per reconnect; Milo does the reconnecting. */
    private final class SessionLog implements SessionActivityListener {
        @Override
        public void onSessionActive(UaSession session) {
            if (closed) return;
            connected = true;
            reconnects.incrementAndGet();
            if (reconfigurePending) execute(() -> applyReconfigure(nodes, tuning));
            log.info("endpoint {}: reconnected (session {})", settings.name(), session.getSessionName());
        }

        @Override
        public void onSessionInactive(UaSession session) {
            connected = false;
            if (closed) return;
            log.warn("endpoint {}: disconnected; Milo is reconnecting", settings.name());
            markGap("session inactive");
        }
    }

    // ---- subscribe -----------------------------------------------------------------------------------------

    /** Creates a subscription with one monitored item per mapped node, or throws having created none. */
    private void subscribe(OpcUaClient c) throws UaException {
        OpcUaSubscription s = new OpcUaSubscription(c, settings.publishingIntervalMillis());
        // keep-alive every 5 s at most, so a quiet subscription is still known to be alive; the lifetime must be at
        // least three keep-alives (Part 4, 5.13.2)
        double publishing = Math.max(1, settings.publishingIntervalMillis());
        double lifetimeMillis = settings.subscriptionLifetime().toMillis();
        long keepAlive = Math.max(1, Math.round(Math.min(KEEP_ALIVE_MILLIS, lifetimeMillis / 3) / publishing));
        long lifetime = Math.max(3 * keepAlive, (long) Math.ceil(lifetimeMillis / publishing));
        s.setMaxKeepAliveCount(uint(keepAlive));
        s.setLifetimeCount(uint(lifetime));
        s.setSubscriptionListener(new Listener());
        s.create();

        // resolved now, after create(): Milo has read this session's namespace table before the session became active
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        Map<String, Integer> wanted = nodes;
        Map<String, NodeTuning> tunings = tuning;
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            Optional<OpcUaMonitoredItem> item = newItem(c, e.getKey(), e.getValue(), tunings.get(e.getKey()));
            if (item.isEmpty()) {
                unresolved.add(e.getKey());
                continue;
            }
            items.add(item.get());
        }
        s.addMonitoredItems(items);
        List<MonitoredItemServiceOperationResult> results = s.createMonitoredItems();

        Optional<StatusCode> serviceFailure = results.stream().map(MonitoredItemServiceOperationResult::serviceResult)
                .filter(StatusCode::isBad).findFirst();
        if (serviceFailure.isPresent()) {
            deleteQuietly(s);
            throw new UaException(serviceFailure.get(), "CreateMonitoredItems failed");
        }
        List<String> rejected = results.stream().filter(r -> !r.isGood())
                .map(r -> r.monitoredItem().getReadValueId().getNodeId().toParseableString() + " "
                        + r.operationResult().map(StatusCode::toString).orElse("?"))
                .toList();
        nodesNotMonitored = unresolved.size() + rejected.size();
        if (!unresolved.isEmpty()) {
            log.warn("endpoint {}: {} mapped nodes are in namespaces the server does not have, e.g. {}; not collected",
                    settings.name(), unresolved.size(), unresolved.get(0));
        }
        if (!rejected.isEmpty()) {
            log.warn("endpoint {}: the server refused {} monitored items, e.g. {}; not collected",
                    settings.name(), rejected.size(), rejected.get(0));
        }
        OpcUaSubscription old = subscription;
        subscription = s;
        if (old != null && old != s) old.setSubscriptionListener(null);
    }

    /** What a monitored item feeds: its node id text (as mapped), the signal and the conversion. */
    private record ItemTarget(String node, int signalId, NodeTuning tuning) {}

    private Optional<OpcUaMonitoredItem> newItem(OpcUaClient c, String nodeText, int signalId, NodeTuning t) {
        Optional<NodeId> node = ExpandedNodeId.parse(nodeText).toNodeId(c.getNamespaceTable());
        if (node.isEmpty()) return Optional.empty();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node.get());
        item.setSamplingInterval(t == null ? settings.samplingIntervalMillis() : t.samplingIntervalMillis());
        item.setQueueSize(uint(settings.queueSize()));
        item.setDiscardOldest(true);
        if (t != null && t.deadband() > 0) {
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()), t.deadband()));
        }
        item.setUserObject(new ItemTarget(nodeText, signalId, t));
        return Optional.of(item);
    }

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
        Map<String, Integer> oldNodes = nodes;
        Map<String, NodeTuning> oldTuning = tuning;
        List<Integer> dropped = new ArrayList<>();
        for (Map.Entry<String, Integer> e : oldNodes.entrySet()) {
            if (!newNodes.containsValue(e.getValue())) dropped.add(e.getValue());
        }
        newNodes.values().forEach(gaps::track);
        nodes = newNodes;
        tuning = newTuning;
        Instant now = Instant.now();
        enqueueMarkers(gaps.close(dropped, now), "no longer mapped", now);
        OpcUaSubscription s = subscription;
        OpcUaClient c = client;
        if (s == null || c == null) return; // the first subscribe uses the new set
        if (!connected) {
            // Milo may transfer the existing subscription to the new session: sync its items once it is active
            reconfigurePending = true;
            return;
        }
        reconfigurePending = false;
        List<OpcUaMonitoredItem> remove = new ArrayList<>();
        Map<String, OpcUaMonitoredItem> kept = new java.util.HashMap<>();
        for (OpcUaMonitoredItem item : s.getMonitoredItems()) {
            ItemTarget t = (ItemTarget) item.getUserObject().orElseThrow();
            boolean same = Objects.equals(newNodes.get(t.node()), t.signalId())
                    && Objects.equals(newTuning.get(t.node()), t.tuning());
            if (same) kept.put(t.node(), item);
            else remove.add(item);
        }
        List<OpcUaMonitoredItem> add = new ArrayList<>();
        int unresolved = 0;
        for (Map.Entry<String, Integer> e : newNodes.entrySet()) {
            if (kept.containsKey(e.getKey())) continue;
            Optional<OpcUaMonitoredItem> item = newItem(c, e.getKey(), e.getValue(), newTuning.get(e.getKey()));
            if (item.isPresent()) add.add(item.get());
            else unresolved++;
        }
        if (remove.isEmpty() && add.isEmpty()) return;
        s.removeMonitoredItems(remove);
        s.addMonitoredItems(add);
        try {
            s.synchronizeMonitoredItems();
            log.info("endpoint {}: mapping reloaded in place: {} items added, {} removed, {} monitored", settings.name(),
                    add.size(), remove.size(), s.getMonitoredItems().size());
        } catch (Exception ex) {
            log.warn("endpoint {}: reloading the mapping in place failed ({}); creating the subscription again",
                    settings.name(), rootMessage(ex));
            recreateLater(s, "mapping reload failed");
        }
        long refused = s.getMonitoredItems().stream().filter(i -> i.getCreateResult().map(StatusCode::isBad).orElse(false)).count();
        nodesNotMonitored = unresolved + (int) refused;
    }

    /** The node ids this endpoint collects now, with their signal ids. */
    public Map<String, Integer> nodes() {
        return nodes;
    }

    /** Milo calls this on its delivery thread for the subscription, one notification batch at a time. */
    private final class Listener implements OpcUaSubscription.SubscriptionListener {

        @Override
        public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            Instant now = Instant.now();
            lastHeard = now;
            try {
                for (int i = 0; i < items.size(); i++) {
                    ItemTarget target = (ItemTarget) items.get(i).getUserObject().orElseThrow();
                    received.incrementAndGet();
                    Sample converted = converter.convert(target.signalId(), values.get(i), now);
                    if (target.tuning() != null) converted = target.tuning().apply(converted);
                    for (Sample sample : gaps.accept(converted, now)) {
                        queue.put(sample);
                    }
                }
            } catch (InterruptedException e) {
                // only at shutdown; the server still holds what was not acknowledged
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onKeepAliveReceived(OpcUaSubscription s) {
            lastHeard = Instant.now();
        }

        @Override
        public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            recreateLater(s, "the server lost it, transfer to the new session failed: " + status);
        }

        @Override
        public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
            if (status.value() == StatusCodes.Bad_Timeout) {
                // Milo has already reset it: the server deleted it when its lifetime ran out without PublishRequests
                recreateLater(s, "the server timed it out: no PublishRequests for its lifetime");
            } else if (status.isBad()) {
                recreateLater(s, "the server reported " + status);
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription s) {
            dataLost.incrementAndGet();
            log.warn("endpoint {}: notifications were lost between server and collector (Republish failed)", settings.name());
            if (s == subscription) markGap("notifications lost");
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription s) {
            watchdogTimeouts.incrementAndGet();
            if (s == subscription) markGap("no PublishResponse within the watchdog time");
            // Usually our own back-pressure (the listener waited on a full queue) or a network stall that Milo's
            // session keep-alive will notice. Ask the server whether the subscription still exists; only if it
            // does not is a new one needed. Asked off this thread: it is Milo's delivery thread.
            execute(() -> probe(s));
        }
    }

    private void probe(OpcUaSubscription s) {
        if (s != subscription || closed) return;
        try {
            s.setPublishingMode(true);
            log.info("endpoint {}: no PublishResponse within the watchdog time; the subscription still exists", settings.name());
        } catch (UaException e) {
            if (e.getStatusCode().value() == StatusCodes.Bad_SubscriptionIdInvalid) {
                s.reset();
                recreateLater(s, "the server no longer knows it (watchdog probe)");
            } else {
                log.info("endpoint {}: no PublishResponse within the watchdog time; probe failed ({})", settings.name(),
                        e.getStatusCode());
            }
        }
    }

    // ---- re-create -----------------------------------------------------------------------------------------

    private void recreateLater(OpcUaSubscription lost, String reason) {
        if (lost != subscription || closed) return;
        markGap("subscription lost");
        if (!recreating.compareAndSet(false, true)) return;
        log.info("endpoint {}: subscription lost ({}); creating it again", settings.name(), reason);
        execute(() -> {
            try {
                recreateUntilDone();
            } finally {
                recreating.set(false);
            }
        });
    }

    private void recreateUntilDone() {
        OpcUaSubscription old = subscription;
        if (old != null && old.getSyncState() != OpcUaSubscription.SyncState.INITIAL) {
            // the server may still have it (a Bad status other than Bad_Timeout): do not leave a duplicate behind
            deleteQuietly(old);
        }
        long backoff = RECREATE_BACKOFF_START_MILLIS;
        for (int attempt = 1; !closed; attempt++) {
            try {
                // blocks until Milo has an active session again
                subscribe(client);
                recreations.incrementAndGet();
                log.info("endpoint {}: subscription re-created after {} attempt(s); {} nodes monitored", settings.name(),
                        attempt, nodes.size() - nodesNotMonitored);
                return;
            } catch (Exception e) {
                log.debug("endpoint {}: re-creating the subscription failed: {}", settings.name(), rootMessage(e));
                if (!pause(backoff)) return;
                backoff = Math.min(RECREATE_BACKOFF_MAX_MILLIS, backoff * 2);
            }
        }
    }

    // ---- gaps ----------------------------------------------------------------------------------------------

    /**
     * Writes a gap marker for every signal not already in a gap, at the time we last heard from the server. Called
     * on Milo's threads; the queue is drained by the buffer appender, so the wait for room is short.
     */
    private void markGap(String reason) {
        if (closed) return;
        Instant at = lastHeard == null ? Instant.now() : lastHeard;
        enqueueMarkers(gaps.open(at), reason, at);
    }

    private void enqueueMarkers(List<Sample> markers, String reason, Instant at) {
        if (markers.isEmpty()) return;
        log.info("endpoint {}: gap marked from {} for {} signals ({})", settings.name(), at, markers.size(), reason);
        try {
            for (Sample m : markers) queue.put(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void deleteQuietly(OpcUaSubscription s) {
        try {
            s.delete();
        } catch (UaException e) {
            s.reset();
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

    private static String rootMessage(Throwable e) {
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
        connected = false;
        Instant now = Instant.now();
        enqueueMarkers(gaps.open(now), "collector stopping", now);
        log.info("endpoint {}: closed", settings.name());
    }
}
