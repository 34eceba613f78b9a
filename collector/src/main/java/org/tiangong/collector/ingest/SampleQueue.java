package org.tiangong.collector.ingest;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tiangong.analytics.model.Sample;

/**
 * The bounded hand-over between OPC UA listeners and the {@link BatchWriter}.
 *
 * <p>When it is full, {@link #put} waits — nothing is dropped here. The chain that follows:
 * <ol>
 *   <li>the OPC UA listener stops returning, so Milo stops sending PublishRequests for that subscription (it sends
 *       the next one only after a notification batch has been delivered); Milo's delivery threads come from a cached
 *       pool, so a waiting listener does not starve the session's keep-alive;</li>
 *   <li>the server keeps sampling into each monitored item's queue ({@code queueSize}, discard oldest); once that is
 *       full it discards the oldest value and sets the Overflow bit (status | 0x480: InfoType DataValue + Overflow) on the next one, which we store
 *       with its status — a gap is visible in the data, never silent;</li>
 *   <li>if the wait outlasts the subscription's lifetime (one minute by default) the server drops the subscription;
 *       {@code EndpointSubscriber} creates it again when it hears of it (Bad_Timeout).</li>
 * </ol>
 * The time listeners spent waiting is counted ({@link #blockedMillis}).
 */
public final class SampleQueue {

    private final BlockingQueue<Sample> queue;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong blockedNanos = new AtomicLong();

    public SampleQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public void put(Sample sample) throws InterruptedException {
        offered.incrementAndGet();
        if (queue.offer(sample)) return;
        long start = System.nanoTime();
        queue.put(sample);
        blockedNanos.addAndGet(System.nanoTime() - start);
    }

    /** Waits up to {@code timeoutMillis} for a first sample, then takes what is there, up to {@code max}. */
    public int drainTo(List<Sample> into, int max, long timeoutMillis) throws InterruptedException {
        Sample first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) return 0;
        into.add(first);
        return 1 + queue.drainTo(into, max - 1);
    }

    /** Takes whatever is queued now, without waiting. */
    public int drainNow(List<Sample> into) {
        return queue.drainTo(into);
    }

    public int depth() {
        return queue.size();
    }

    public long offered() {
        return offered.get();
    }

    /** Total time OPC UA listeners waited for room. */
    public long blockedMillis() {
        return blockedNanos.get() / 1_000_000;
    }
}
