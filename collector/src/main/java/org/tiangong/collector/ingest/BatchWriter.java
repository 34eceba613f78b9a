package org.tiangong.collector.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.retry.Backoff;

/**
 * One dedicated thread that drains the {@link SampleQueue} into batches (up to {@code batchSize} samples, or what
 * arrived within {@code flushIntervalMillis}) and writes them to a {@link BatchSink}.
 *
 * <p>A failed write keeps its batch and retries it with backoff (0.5 s doubling to 10 s) until it succeeds; meanwhile
 * the queue fills and back-pressures OPC UA. Retrying the same batch is safe because the sink is idempotent
 * (a batch that was in fact committed before the error is stored once). One log line when an outage starts and
 * one when it ends, not one per retry.
 *
 * <p>{@link #close} stops taking new work and writes what is queued. If the database stays unreachable beyond the
 * shutdown grace period the rest is given up — counted in {@link Stats#abandoned()} and logged once — so that a
 * process can still stop.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final SampleQueue queue;
    private final BatchSink sink;
    private final String target;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final Thread thread;
    private final Backoff retry = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), this::pastDeadline);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile boolean running = true;
    private volatile long shutdownDeadlineNanos;

    public BatchWriter(SampleQueue queue, BatchSink sink, int batchSize, long flushIntervalMillis) {
        this(queue, sink, batchSize, flushIntervalMillis, "database");
    }

    /** @param target what the sink writes to, for log lines and the thread name: {@code database}, {@code buffer} */
    public BatchWriter(SampleQueue queue, BatchSink sink, int batchSize, long flushIntervalMillis, String target) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
        if (flushIntervalMillis < 1) throw new IllegalArgumentException("flushIntervalMillis must be positive");
        this.queue = queue;
        this.sink = sink;
        this.target = target;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushIntervalMillis;
        this.thread = new Thread(this::run, "tiangong-batch-writer-" + target);
        this.thread.setDaemon(true);
    }

    public BatchWriter start() {
        thread.start();
        return this;
    }

    /**
     * Counters for monitoring.
     *
     * @param stored          samples newly stored
     * @param duplicates      samples the database already had (replays), skipped: batch size − stored
     * @param failedWrites    write attempts that failed (each is retried)
     * @param batches         batches written
     * @param lastBatchMillis how long the latest successful write took
     * @param queueDepth      samples waiting in the queue now
     * @param abandoned       samples given up at shutdown because the database stayed unreachable
     */
    public record Stats(
            long stored,
            long duplicates,
            long failedWrites,
            long batches,
            long lastBatchMillis,
            int queueDepth,
            long abandoned) {}

    public Stats stats() {
        return new Stats(
                stored.get(),
                duplicates.get(),
                failures.get(),
                batches.get(),
                lastBatchMillis,
                queue.depth(),
                abandoned.get());
    }

    private void run() {
        List<Sample> batch = new ArrayList<>(batchSize);
        try {
            while (running || queue.depth() > 0) {
                fill(batch);
                if (!batch.isEmpty() && !writeWithRetry(batch)) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Sample> rest = new ArrayList<>();
        queue.drainNow(rest);
        long lost = batch.size() + rest.size();
        if (lost > 0) {
            abandoned.addAndGet(lost);
            log.error("writer stopped with {} samples not stored: the {} took none at shutdown", lost, target);
        }
    }

    private void fill(List<Sample> batch) throws InterruptedException {
        long deadline = System.nanoTime() + flushIntervalMillis * 1_000_000;
        while (batch.size() < batchSize) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || (!running && queue.depth() == 0)) break;
            // wait in short slices so that close() is noticed at once, not after a whole flush interval
            queue.drainTo(batch, batchSize - batch.size(), Math.min(left, 100));
        }
    }

    /** Writes the batch, retrying until it is stored (true) or the shutdown grace period is over (false). */
    private boolean writeWithRetry(List<Sample> batch) throws InterruptedException {
        boolean done = retry.retry(
                () -> {
                    long start = System.nanoTime();
                    int n = sink.write(batch);
                    lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
                    stored.addAndGet(n);
                    duplicates.addAndGet(batch.size() - n);
                    batches.incrementAndGet();
                },
                new Backoff.Listener() {
                    @Override
                    public void failed(int attempt, Exception e, Duration wait) {
                        failures.incrementAndGet();
                        if (attempt > 1) return;
                        log.warn(
                                "cannot write a batch of {} samples to the {} ({}); holding it and retrying with backoff",
                                batch.size(),
                                target,
                                e.toString());
                    }

                    @Override
                    public void succeeded(int attempt, Duration failingFor) {
                        if (attempt == 1) return;
                        log.info(
                                "{} writes succeed again after {} failed attempts over {} s; the held batch of {} samples is stored",
                                target,
                                attempt - 1,
                                failingFor.toSeconds(),
                                batch.size());
                    }
                });
        if (done) batch.clear();
        return done;
    }

    private boolean pastDeadline() {
        return !running && System.nanoTime() - shutdownDeadlineNanos >= 0;
    }

    /** Stops taking new work and writes what is queued, waiting at most 20 s for an unreachable database. */
    @Override
    public void close() {
        close(DEFAULT_SHUTDOWN_GRACE);
    }

    /** Stops taking new work and writes what is queued, waiting at most {@code grace} for an unreachable database. */
    public void close(Duration grace) {
        shutdownDeadlineNanos = System.nanoTime() + grace.toNanos();
        running = false;
        try {
            // a write in progress when the grace ends still has to come back (or time out in the driver)
            thread.join(grace.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
