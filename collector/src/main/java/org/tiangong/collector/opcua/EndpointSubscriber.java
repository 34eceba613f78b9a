package org.tiangong.collector.opcua;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.collector.ingest.SampleQueue;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Collects one OPC UA endpoint: connects (retrying with backoff, 1 s doubling to 30 s, while the server is not up),
 * subscribes every mapped node, and hands each notification as a sample to the {@link SampleQueue} — the listener
 * never touches the database. Milo reconnects sessions by itself and tries to transfer the subscription; when the
 * server has lost it (a restart), {@code onTransferFailed} re-creates it, off the callback's thread.
 */
public final class EndpointSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    /**
     * @param nodes node id text (ns=…;s=… or nsu=…;s=…) → telemetry signal id
     */
    public record Settings(String name, String url, double publishingIntervalMillis, double samplingIntervalMillis,
                           int queueSize, Map<String, Integer> nodes) {}

    /** Counters for monitoring. */
    public record Stats(boolean connected, long received, long reconnects, long recreations, long dataLost, long withoutSourceTime) {}

    private final Settings settings;
    private final SampleQueue queue;
    private final SampleConverter converter = new SampleConverter();
    private final ExecutorService worker;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong recreations = new AtomicLong();
    private final AtomicLong dataLost = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile OpcUaClient client;

    public EndpointSubscriber(Settings settings, SampleQueue queue) {
        this.settings = settings;
        this.queue = queue;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tiangong-opcua-" + settings.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting in the background; returns at once. */
    public EndpointSubscriber start() {
        worker.execute(this::connectUntilDone);
        return this;
    }

    public Stats stats() {
        return new Stats(connected, received.get(), reconnects.get(), recreations.get(), dataLost.get(), converter.withoutSourceTime());
    }

    private void connectUntilDone() {
        long backoff = 1000;
        boolean logged = false;
        while (!closed) {
            try {
                connectAndSubscribe();
                return;
            } catch (Exception e) {
                disconnectQuietly();
                if (!logged) {
                    log.warn("endpoint {}: cannot connect to {} ({}); retrying with backoff", settings.name(), settings.url(), e.toString());
                    logged = true;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(30_000, backoff * 2);
            }
        }
    }

    private void connectAndSubscribe() throws Exception {
        OpcUaClient c = OpcUaClient.create(settings.url());
        client = c;
        c.addSessionActivityListener(new SessionActivityListener() {
            @Override
            public void onSessionActive(UaSession session) {
                if (!connected && received.get() > 0) reconnects.incrementAndGet();
                connected = true;
                log.info("endpoint {}: session active", settings.name());
            }

            @Override
            public void onSessionInactive(UaSession session) {
                connected = false;
                log.warn("endpoint {}: session inactive; Milo is reconnecting", settings.name());
            }
        });
        c.connect();
        if (closed) {
            c.disconnect();   // close() ran while we were connecting
            return;
        }
        connected = true;

        OpcUaSubscription subscription = new OpcUaSubscription(c, settings.publishingIntervalMillis());
        subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
                log.info("endpoint {}: the server lost our subscription ({}); creating it again", settings.name(), status);
                recreations.incrementAndGet();
                worker.execute(() -> recreate(s));
            }

            @Override
            public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
                // e.g. Bad_Timeout: the server deleted the subscription (its lifetime ran out while we were blocked)
                if (status.isBad()) {
                    log.warn("endpoint {}: subscription status {}; creating it again", settings.name(), status);
                    recreations.incrementAndGet();
                    worker.execute(() -> recreate(s));
                }
            }

            @Override
            public void onWatchdogTimerElapsed(OpcUaSubscription s) {
                log.warn("endpoint {}: no notification or keep-alive in time; creating the subscription again", settings.name());
                recreations.incrementAndGet();
                worker.execute(() -> recreate(s));
            }

            @Override
            public void onNotificationDataLost(OpcUaSubscription s) {
                dataLost.incrementAndGet();
                log.warn("endpoint {}: notifications were lost between server and collector", settings.name());
            }
        });
        subscription.create();
        int unknown = 0;
        for (Map.Entry<String, Integer> e : settings.nodes().entrySet()) {
            NodeId node = ExpandedNodeId.parse(e.getKey()).toNodeId(c.getNamespaceTable()).orElse(null);
            if (node == null) {
                unknown++;
                log.warn("endpoint {}: namespace of node {} is not on the server; not collected", settings.name(), e.getKey());
                continue;
            }
            int signalId = e.getValue();
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(settings.samplingIntervalMillis());
            item.setQueueSize(uint(settings.queueSize()));
            item.setDiscardOldest(true);
            item.setDataValueListener((i, value) -> {
                received.incrementAndGet();
                try {
                    queue.put(converter.convert(signalId, value, Instant.now()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });
            subscription.addMonitoredItem(item);
        }
        // One bad node (e.g. Bad_NodeIdUnknown) must not stop the others: create the items, report the failures.
        var results = subscription.createMonitoredItems();
        long failed = results.stream().filter(r -> !r.isGood()).peek(r -> log.warn("endpoint {}: node {} not subscribed: {}",
                settings.name(), r.monitoredItem().getReadValueId().getNodeId(), r.operationResult().orElse(r.serviceResult())))
                .count();
        log.info("endpoint {}: subscribed {} nodes at {} ({} not on the server, {} refused)", settings.name(),
                settings.nodes().size() - unknown - failed, settings.url(), unknown, failed);
    }

    private void recreate(OpcUaSubscription s) {
        long backoff = 500;
        while (!closed) {
            try {
                try {
                    s.delete(); // a subscription the server still knows (watchdog case) would otherwise be duplicated
                } catch (Exception gone) {
                    s.reset();  // the server no longer has it: start again from the local item definitions
                }
                s.createAsync().toCompletableFuture().get(30, TimeUnit.SECONDS);
                long bad = s.createMonitoredItems().stream().filter(r -> !r.isGood()).count();
                if (bad > 0) log.warn("endpoint {}: subscription re-created, {} items refused", settings.name(), bad);
                else log.info("endpoint {}: subscription re-created", settings.name());
                return;
            } catch (Exception e) {
                log.warn("endpoint {}: re-creating the subscription failed ({}); retrying", settings.name(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void disconnectQuietly() {
        OpcUaClient c = client;
        client = null;
        if (c == null) return;
        try {
            c.disconnect();
        } catch (Exception e) {
            log.debug("endpoint {}: disconnect failed: {}", settings.name(), e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnectQuietly();
        connected = false;
    }
}
