package org.tiangong.collector.opcua;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.ingest.SampleQueue;

/**
 * What one endpoint's values become on their way to the {@link SampleQueue}: converted ({@link SampleConverter},
 * then the node's {@link NodeTuning}), passed through the {@link GapMarkers}, and put in the queue — waiting for
 * room when it is full, which is the back-pressure described there. Lost contact goes the same way as gap markers,
 * at the time the endpoint was last heard from. Called on Milo's threads and the subscriber's own; the queue is
 * drained by the buffer appender, so a wait for room is short.
 */
final class SampleFlow {

    // one log category for everything an endpoint does, as before the subscriber was split
    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private final String endpoint;
    private final SampleQueue queue;
    private final SampleConverter converter;
    private final GapMarkers gaps;
    private final AtomicLong received = new AtomicLong();
    private volatile Instant lastHeard;

    /**
     * @param openGaps signals whose newest stored sample is a gap marker, with its time (see {@link GapMarkers})
     */
    SampleFlow(
            String endpoint,
            SampleQueue queue,
            SampleConverter converter,
            Collection<Integer> signals,
            Map<Integer, Instant> openGaps) {
        this.endpoint = endpoint;
        this.queue = queue;
        this.converter = converter;
        this.gaps = new GapMarkers(signals);
        openGaps.forEach(gaps::resumeGap);
    }

    /**
     * A notification batch from Milo's delivery thread: every value becomes a sample in the queue.
     *
     * @param stale whether the batch comes from the lost contact (see {@link GapMarkers}): asked as each value is
     *              passed through the gap markers, so that it is ordered with a gap being marked; a stale batch does
     *              not count as hearing from the server
     */
    void values(List<OpcUaMonitoredItem> monitored, List<DataValue> values, BooleanSupplier stale)
            throws InterruptedException {
        Instant now = Instant.now();
        if (!stale.getAsBoolean()) lastHeard = now;
        long staleBefore = gaps.staleInGap();
        for (int i = 0; i < monitored.size(); i++) {
            MonitoredItems.ItemTarget target = MonitoredItems.target(monitored.get(i));
            received.incrementAndGet();
            Sample converted = converter.convert(target.signalId(), values.get(i), now);
            if (target.tuning() != null) converted = target.tuning().apply(converted);
            List<Sample> out = gaps.accept(converted, now, stale);
            if (out.size() > 1 && out.get(1).status() == GapMarkers.BAD_NO_COMMUNICATION) {
                log.info(
                        "endpoint {}: a value of the lost contact dated after its gap marker (signal {} at {});"
                                + " the gap is marked again after it",
                        endpoint,
                        converted.signalId(),
                        converted.time());
            }
            for (Sample sample : out) {
                queue.put(sample);
            }
        }
        long staleNow = gaps.staleInGap() - staleBefore;
        if (staleNow > 0) {
            log.info(
                    "endpoint {}: {} values delivered from the lost contact stored; they end no gap",
                    endpoint,
                    staleNow);
        }
    }

    /** The server was heard from (a keep-alive, a connect). */
    void heard() {
        lastHeard = Instant.now();
    }

    /** Writes a gap marker for every signal not already in a gap, at the time the server was last heard from. */
    void markGap(String reason) {
        Instant at = lastHeard == null ? Instant.now() : lastHeard;
        enqueueMarkers(gaps.open(at), reason, at);
    }

    /** A gap from now on for every signal not already in one (the collector stops). */
    void markGapNow(String reason) {
        Instant now = Instant.now();
        enqueueMarkers(gaps.open(now), reason, now);
    }

    /** Signals mapped from now on are tracked; those in {@code dropped} get a last marker and are tracked no longer. */
    void remap(Collection<Integer> mapped, List<Integer> dropped) {
        mapped.forEach(gaps::track);
        Instant now = Instant.now();
        enqueueMarkers(gaps.close(dropped, now), "no longer mapped", now);
    }

    private void enqueueMarkers(List<Sample> markers, String reason, Instant at) {
        if (markers.isEmpty()) return;
        log.info("endpoint {}: gap marked from {} for {} signals ({})", endpoint, at, markers.size(), reason);
        try {
            for (Sample m : markers) queue.put(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long received() {
        return received.get();
    }

    long markers() {
        return gaps.markers();
    }

    long reobserved() {
        return gaps.reobserved();
    }
}
