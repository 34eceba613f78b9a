package org.tiangong.collector.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One dedicated thread that drains the {@link SampleQueue} into batches (up to {@code batchSize} samples, or what
 * arrived within {@code flushIntervalMillis}) and writes them to a {@link BatchSink}. A failed write keeps its batch
 * and retries with backoff (0.5 s doubling to 10 s) until it succeeds or the writer is closed; meanwhile the queue
 * fills and back-pressures OPC UA. One log line when an outage starts and one when it ends, not one per retry.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final SampleQueue queue;
    private final BatchSink sink;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final Thread thread;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile boolean running = true;

    public BatchWriter(SampleQueue queue, BatchSink sink, int batchSize, long flushIntervalMillis) {
        this.queue = queue;
        this.sink = sink;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushIntervalMillis;
        this.thread = new Thread(this::run, "tiangong-batch-writer");
        this.thread.setDaemon(true);
    }

    public BatchWriter start() {
        thread.start();
        return this;
    }

    /** Counters for monitoring. */
    public record Stats(long stored, long duplicates, long failedWrites, long batches, long lastBatchMillis, int queueDepth) {}

    public Stats stats() {
        return new Stats(stored.get(), duplicates.get(), failures.get(), batches.get(), lastBatchMillis, queue.depth());
    }

    private void run() {
        List<Sample> batch = new ArrayList<>(batchSize);
        try {
            while (running || queue.depth() > 0) {
                fill(batch);
                if (!batch.isEmpty()) writeWithRetry(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (queue.depth() > 0) log.warn("writer stopped with {} samples not stored", queue.depth());
    }

    private void fill(List<Sample> batch) throws InterruptedException {
        long deadline = System.currentTimeMillis() + flushIntervalMillis;
        while (batch.size() < batchSize) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || (!running && queue.depth() == 0)) break;
            // wait in short slices so that close() is noticed at once, not after a whole flush interval
            queue.drainTo(batch, batchSize - batch.size(), Math.min(left, 100));
        }
    }

    private void writeWithRetry(List<Sample> batch) throws InterruptedException {
        long backoff = 500;
        boolean inOutage = false;
        while (true) {
            long start = System.nanoTime();
            try {
                int n = sink.write(batch);
                lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
                stored.addAndGet(n);
                duplicates.addAndGet(batch.size() - n);
                batches.incrementAndGet();
                if (inOutage) log.info("database writes succeed again; the held batch of {} samples is stored", batch.size());
                batch.clear();
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failures.incrementAndGet();
                if (!inOutage) {
                    log.warn("cannot write a batch of {} samples ({}); holding it and retrying", batch.size(), e.toString());
                    inOutage = true;
                }
                if (!running && backoff >= 10_000) {
                    log.error("giving up on {} samples at shutdown: the database stays unreachable", batch.size());
                    batch.clear();
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    /** Stops taking new work, writes what is queued, and waits for the thread (at most 30 s). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
