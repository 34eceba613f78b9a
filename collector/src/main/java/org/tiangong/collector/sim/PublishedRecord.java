package org.tiangong.collector.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulator has published, kept so tests can compare what a collector stored with what the server offered:
 * one entry per value set on a node that a client could have seen. Bounded: when full, the oldest entry goes and
 * {@link #dropped()} counts it, so a long demo run cannot exhaust memory. Thread-safe.
 */
public final class PublishedRecord {

    /**
     * @param nodeId     the bare identifier, e.g. {@code L1/CNC-01/state}
     * @param sourceTime the source timestamp as published (millisecond precision)
     * @param value      the value as a double, the form the telemetry table stores
     */
    public record PublishedValue(String nodeId, Instant sourceTime, double value) {}

    private final int capacity;
    private final ArrayDeque<PublishedValue> order = new ArrayDeque<>();
    private final Map<String, ArrayDeque<PublishedValue>> byNode = new HashMap<>();
    private long dropped;
    /** "nodeId@time" of values a restart restored (older retentive values), not produced. */
    private final java.util.Set<String> restored = new java.util.HashSet<>();

    public PublishedRecord(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        this.capacity = capacity;
    }

    synchronized void add(PublishedValue value) {
        if (order.size() == capacity) {
            PublishedValue oldest = order.removeFirst();
            // per node the entries are in publication order too, so the globally oldest is its node's first
            byNode.get(oldest.nodeId()).removeFirst();
            dropped++;
        }
        order.addLast(value);
        byNode.computeIfAbsent(value.nodeId(), k -> new ArrayDeque<>()).addLast(value);
    }

    /** The values published for one node, oldest first; accepts {@code L1/CNC-01/state} or its {@code nsu=} form. */
    public synchronized List<PublishedValue> published(String nodeId) {
        ArrayDeque<PublishedValue> values = byNode.get(SimNodeIds.identifierOf(nodeId));
        return values == null ? List.of() : List.copyOf(values);
    }

    public synchronized Optional<PublishedValue> latest(String nodeId) {
        ArrayDeque<PublishedValue> values = byNode.get(SimNodeIds.identifierOf(nodeId));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    synchronized void markRestored(String nodeId, Instant sourceTime) {
        restored.add(nodeId + "@" + sourceTime);
    }

    /** Whether this value was restored by a restart ({@code PlantSimulator.restartServerWithRestoredCounters}). */
    public synchronized boolean isRestored(PublishedValue v) {
        return restored.contains(v.nodeId() + "@" + v.sourceTime());
    }

    /**
     * What a counter or meter node really counted between the published values at {@code from} and {@code to}
     * (inclusive source times): the sum of its increases, where a restored value adds nothing — the ground truth that
     * stored counts are compared with.
     */
    public synchronized double increase(String nodeId, Instant from, Instant to) {
        double sum = 0;
        PublishedValue previous = null;
        for (PublishedValue v : published(nodeId)) {
            if (v.sourceTime().isBefore(from) || v.sourceTime().isAfter(to)) continue;
            if (previous != null && !isRestored(v)) sum += v.value() - previous.value();
            previous = v;
        }
        return sum;
    }

    /** Everything still held, in publication order. */
    public synchronized List<PublishedValue> all() {
        return new ArrayList<>(order);
    }

    public synchronized int size() {
        return order.size();
    }

    /** How many entries were discarded because the record was full. */
    public synchronized long dropped() {
        return dropped;
    }

    public int capacity() {
        return capacity;
    }
}
