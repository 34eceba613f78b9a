package org.tiangong.collector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitored items of one endpoint ({@link EndpointSubscriber}): what is mapped (node id text → signal id, and per
 * node its {@link NodeTuning}), the subscription that carries the items now, its creation with one item per mapped
 * node, and the in-place change of its items when the mapping changes. Node ids written with {@code nsu=} are
 * resolved against the server's namespace table each time items are created, so a server whose namespace indexes
 * moved across a restart is still collected correctly. Items the server refuses, or in namespaces it does not have,
 * are counted ({@link #notMonitored()}) and logged once per subscribe, not collected.
 */
final class MonitoredItems {

    // one log category for everything an endpoint does, as before the subscriber was split
    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private static final double KEEP_ALIVE_MILLIS = 5_000;

    /** What a monitored item feeds: its node id text (as mapped), the signal and the conversion. */
    record ItemTarget(String node, int signalId, NodeTuning tuning) {}

    private final EndpointSubscriber.Settings settings;
    /** node id text → signal id, and per node its tuning: replaced as a whole by {@link #replace}. */
    private volatile Map<String, Integer> nodes;

    private volatile Map<String, NodeTuning> tuning = Map.of();
    private volatile OpcUaSubscription subscription;
    private volatile int notMonitored;

    MonitoredItems(EndpointSubscriber.Settings settings) {
        this.settings = settings;
        this.nodes = settings.nodes();
    }

    Map<String, Integer> nodes() {
        return nodes;
    }

    Map<String, NodeTuning> tuning() {
        return tuning;
    }

    /** The subscription the items live in now; null before the first subscribe. */
    OpcUaSubscription current() {
        return subscription;
    }

    /** Mapped nodes the server did not accept (unknown namespace, unknown node…) at the latest subscribe or change. */
    int notMonitored() {
        return notMonitored;
    }

    int monitored() {
        return nodes.size() - notMonitored;
    }

    static ItemTarget target(OpcUaMonitoredItem item) {
        return (ItemTarget) item.getUserObject().orElseThrow();
    }

    /**
     * Creates a subscription with one monitored item per mapped node and makes it the current one, or throws having
     * created none.
     */
    void subscribe(OpcUaClient c, OpcUaSubscription.SubscriptionListener listener) throws UaException {
        OpcUaSubscription s = new OpcUaSubscription(c, settings.publishingIntervalMillis());
        // keep-alive every 5 s at most, so a quiet subscription is still known to be alive; the lifetime must be at
        // least three keep-alives (Part 4, 5.13.2)
        double publishing = Math.max(1, settings.publishingIntervalMillis());
        double lifetimeMillis = settings.subscriptionLifetime().toMillis();
        long keepAlive = Math.max(1, Math.round(Math.min(KEEP_ALIVE_MILLIS, lifetimeMillis / 3) / publishing));
        long lifetime = Math.max(3 * keepAlive, (long) Math.ceil(lifetimeMillis / publishing));
        s.setMaxKeepAliveCount(uint(keepAlive));
        s.setLifetimeCount(uint(lifetime));
        s.setSubscriptionListener(listener);
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

        Optional<StatusCode> serviceFailure = results.stream()
                .map(MonitoredItemServiceOperationResult::serviceResult)
                .filter(StatusCode::isBad)
                .findFirst();
        if (serviceFailure.isPresent()) {
            deleteQuietly(s);
            throw new UaException(serviceFailure.get(), "CreateMonitoredItems failed");
        }
        List<String> rejected = results.stream()
                .filter(r -> !r.isGood())
                .map(r -> r.monitoredItem().getReadValueId().getNodeId().toParseableString() + " "
                        + r.operationResult().map(StatusCode::toString).orElse("?"))
                .toList();
        notMonitored = unresolved.size() + rejected.size();
        if (!unresolved.isEmpty()) {
            log.warn(
                    "endpoint {}: {} mapped nodes are in namespaces the server does not have, e.g. {}; not collected",
                    settings.name(),
                    unresolved.size(),
                    unresolved.get(0));
        }
        if (!rejected.isEmpty()) {
            log.warn(
                    "endpoint {}: the server refused {} monitored items, e.g. {}; not collected",
                    settings.name(),
                    rejected.size(),
                    rejected.get(0));
        }
        OpcUaSubscription old = subscription;
        subscription = s;
        if (old != null && old != s) old.setSubscriptionListener(null);
    }

    private Optional<OpcUaMonitoredItem> newItem(OpcUaClient c, String nodeText, int signalId, NodeTuning t) {
        Optional<NodeId> node = ExpandedNodeId.parse(nodeText).toNodeId(c.getNamespaceTable());
        if (node.isEmpty()) return Optional.empty();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node.get());
        item.setSamplingInterval(t == null ? settings.samplingIntervalMillis() : t.samplingIntervalMillis());
        item.setQueueSize(uint(settings.queueSize()));
        item.setDiscardOldest(true);
        if (t != null && t.deadband() > 0) {
            item.setFilter(new DataChangeFilter(
                    DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()), t.deadband()));
        }
        item.setUserObject(new ItemTarget(nodeText, signalId, t));
        return Optional.of(item);
    }

    /** Replaces the mapping that the next subscribe or {@link #synchronize} uses; returns the signals no longer mapped. */
    List<Integer> replace(Map<String, Integer> newNodes, Map<String, NodeTuning> newTuning) {
        List<Integer> dropped = new ArrayList<>();
        for (Map.Entry<String, Integer> e : nodes.entrySet()) {
            if (!newNodes.containsValue(e.getValue())) dropped.add(e.getValue());
        }
        nodes = newNodes;
        tuning = newTuning;
        return dropped;
    }

    /**
     * Brings the items of {@code s} in line with the mapping without a new subscription: items of nodes no longer
     * mapped (or mapped differently) are deleted, new ones created. False when the server would not do it; the
     * caller then creates the subscription again.
     */
    boolean synchronize(OpcUaClient c, OpcUaSubscription s) {
        Map<String, Integer> newNodes = nodes;
        Map<String, NodeTuning> newTuning = tuning;
        List<OpcUaMonitoredItem> remove = new ArrayList<>();
        Map<String, OpcUaMonitoredItem> kept = new HashMap<>();
        for (OpcUaMonitoredItem item : s.getMonitoredItems()) {
            ItemTarget t = target(item);
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
        if (remove.isEmpty() && add.isEmpty()) return true;
        s.removeMonitoredItems(remove);
        s.addMonitoredItems(add);
        boolean done = true;
        try {
            s.synchronizeMonitoredItems();
            log.info(
                    "endpoint {}: mapping reloaded in place: {} items added, {} removed, {} monitored",
                    settings.name(),
                    add.size(),
                    remove.size(),
                    s.getMonitoredItems().size());
        } catch (Exception ex) {
            log.warn(
                    "endpoint {}: reloading the mapping in place failed ({}); creating the subscription again",
                    settings.name(),
                    EndpointSubscriber.rootMessage(ex));
            done = false;
        }
        long refused = s.getMonitoredItems().stream()
                .filter(i -> i.getCreateResult().map(StatusCode::isBad).orElse(false))
                .count();
        notMonitored = unresolved + (int) refused;
        return done;
    }

    /** Deletes {@code s} on the server, or forgets it locally when the server cannot be asked. */
    static void deleteQuietly(OpcUaSubscription s) {
        try {
            s.delete();
        } catch (UaException e) {
            s.reset();
        }
    }
}
