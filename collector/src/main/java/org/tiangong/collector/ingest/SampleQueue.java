package org.tiangong.collector.ingest;

import org.tiangong.analytics.model.Sample;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-over between OPC UA listeners and the {@link BatchWriter}.
 *
 * <p>When it is full, {@link #put} waits: the OPC UA listener stops taking notifications, Milo stops sending
 * PublishRequests, and the server's own per-item queues fill and then discard their oldest values with the Overflow
 * bit set on the next one — which we store. So a full queue never drops a sample silently here; the loss, if any,
 * is visible in the data. The time listeners spent waiting is counted.
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
