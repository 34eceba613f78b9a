package org.tiangong.collector.buffer;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.ingest.BatchSink;
import org.tiangong.collector.retry.Backoff;

/**
 * One thread that moves samples from the {@link SampleBuffer} to the database, oldest first: takes up to
 * {@code batchSize} of the oldest, writes them through the {@link BatchSink} (the idempotent COPY), and deletes them
 * from the buffer once the database has committed them. At-least-once: a crash between the commit and the delete
 * replays the batch, and the database stores it once.
 *
 * <p>A partial batch is written once the previous write is {@code flushIntervalMillis} old, a full one at once, so a
 * backlog after an outage goes out in full batches back to back. A failed write keeps its batch (the buffer does not
 * drop it) and retries it with backoff, 0.5 s doubling to 10 s; one log line when an outage starts, one when it ends.
 *
 * <p>{@link #close} forwards what is buffered for at most the grace period and stops; the rest stays in the buffer
 * file for the next run.
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final SampleBuffer buffer;
    private final BatchSink sink;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final Clock clock;
    private final Consumer<Duration> lagListener;
    private final Thread thread;
    private final Backoff retry = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), this::pastDeadline);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile long lastLagMillis;
    private volatile boolean running = true;
    private volatile boolean outage;
    private volatile long shutdownDeadlineNanos;

    /**
     * @param lagListener told, per stored batch, how long ago (by {@code clock}) its newest sample's source time was:
     *                    the end-to-end lag from the machine to the database
     */
    public Forwarder(
            SampleBuffer buffer,
            BatchSink sink,
            int batchSize,
            long flushIntervalMillis,
            Clock clock,
            Consumer<Duration> lagListener) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
        if (flushIntervalMillis < 1) throw new IllegalArgumentException("flushIntervalMillis must be positive");
        this.buffer = buffer;
        this.sink = sink;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushIntervalMillis;
        this.clock = clock;
        this.lagListener = lagListener;
        this.thread = new Thread(this::run, "tiangong-forwarder");
        this.thread.setDaemon(true);
    }

    public Forwarder(SampleBuffer buffer, BatchSink sink, int batchSize, long flushIntervalMillis) {
        this(buffer, sink, batchSize, flushIntervalMillis, Clock.systemUTC(), lag -> {});
    }

    public Forwarder start() {
        thread.start();
        return this;
    }

    /**
     * @param stored          samples newly stored in the database
     * @param duplicates      samples the database already had (replays), skipped
     * @param failedWrites    write attempts that failed (each is retried)
     * @param batches         batches written
     * @param lastBatchMillis how long the latest successful write took
     * @param lastLagMillis   at the latest successful write, how old the newest sample of the batch was
     * @param failing         whether writes are failing now (the database is unreachable or refuses them)
     */
    public record Stats(
            long stored,
            long duplicates,
            long failedWrites,
            long batches,
            long lastBatchMillis,
            long lastLagMillis,
            boolean failing) {}

    public Stats stats() {
        return new Stats(
                stored.get(), duplicates.get(), failures.get(), batches.get(), lastBatchMillis, lastLagMillis, outage);
    }

    private void run() {
        long lastWrite = System.nanoTime();
        try {
            while (running || (buffer.depth() > 0 && !pastDeadline())) {
                if (running && buffer.depth() < batchSize) {
                    long dueIn = flushIntervalMillis - (System.nanoTime() - lastWrite) / 1_000_000;
                    // short slices so that close() is noticed at once
                    if (dueIn > 0) {
                        buffer.awaitDepth(batchSize, Math.min(dueIn, 100));
                        continue;
                    }
                }
                Optional<SampleBuffer.Batch> batch = buffer.oldest(batchSize);
                if (batch.isEmpty()) {
                    buffer.awaitDepth(1, 100);
                    continue;
                }
                if (!writeWithRetry(batch.get())) break;
                lastWrite = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the buffer file itself failed (disk gone, closed under us): nothing sensible to do but stop and say so
            if (running) log.error("forwarder stopped: the buffer failed", e);
        }
    }

    /** Writes the batch and deletes it from the buffer; false when closing and the grace period is over. */
    private boolean writeWithRetry(SampleBuffer.Batch batch) throws InterruptedException {
        return retry.retry(
                () -> {
                    long start = System.nanoTime();
                    int n = sink.write(batch.samples());
                    lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
                    buffer.acknowledge(batch);
                    stored.addAndGet(n);
                    duplicates.addAndGet(batch.size() - n);
                    batches.incrementAndGet();
                    long newest = batch.samples().stream()
                            .mapToLong(Sample::timeMicros)
                            .max()
                            .orElse(0);
                    Duration lag = Duration.between(new Sample(0, newest, 0, 0).time(), clock.instant());
                    lastLagMillis = lag.toMillis();
                    lagListener.accept(lag.isNegative() ? Duration.ZERO : lag);
                },
                new Backoff.Listener() {
                    @Override
                    public void failed(int attempt, Exception e, Duration wait) {
                        failures.incrementAndGet();
                        if (attempt > 1) return;
                        outage = true;
                        log.warn(
                                "cannot write {} samples to the database ({}); they stay in the buffer, retrying with backoff",
                                batch.size(),
                                e.toString());
                    }

                    @Override
                    public void succeeded(int attempt, Duration failingFor) {
                        if (attempt == 1) return;
                        outage = false;
                        log.info(
                                "database writes succeed again after {} failed attempts over {} s; forwarding {} buffered samples",
                                attempt - 1,
                                failingFor.toSeconds(),
                                buffer.depth() + batch.size());
                    }
                });
    }

    private boolean pastDeadline() {
        return !running && System.nanoTime() - shutdownDeadlineNanos >= 0;
    }

    /**
     * Forwards what is buffered for at most {@code grace}, then stops; what is left stays in the buffer file and is
     * forwarded by the next run.
     */
    public void close(Duration grace) {
        shutdownDeadlineNanos = System.nanoTime() + grace.toNanos();
        running = false;
        try {
            // a write in progress when the grace ends still has to come back (or time out in the driver)
            thread.join(grace.toMillis() + 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
