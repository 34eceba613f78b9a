package org.tiangong.collector.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Retries one piece of work until it succeeds: waits {@code first} after the first failure, doubling up to
 * {@code max}, and stops only when {@code giveUp} says so during a wait (a shutdown, a grace period over). The
 * forwarder and the batch writer use it for a failed database write (the batch is kept and written again), the OPC UA
 * subscriber for its first connect and for re-creating a lost subscription. The wait is slept in slices of at most
 * 100 ms so that giving up is noticed at once; the first attempt is always made.
 */
public final class Backoff {

    private static final long SLICE_MILLIS = 100;

    /** The work; any exception but {@link InterruptedException} is a failure to retry. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /** Told about failures and the final success, so that an outage is logged once when it starts and once when it ends. */
    public interface Listener {

        /** Attempt number {@code attempt} (from 1) failed; the next follows after {@code wait} unless given up. */
        void failed(int attempt, Exception e, Duration wait);

        /** Attempt number {@code attempt} succeeded, {@code failingFor} after the first failed one began (zero at once). */
        default void succeeded(int attempt, Duration failingFor) {}
    }

    private final long firstMillis;
    private final long maxMillis;
    private final BooleanSupplier giveUp;

    public Backoff(Duration first, Duration max, BooleanSupplier giveUp) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
        }
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.giveUp = Objects.requireNonNull(giveUp, "giveUp");
    }

    /**
     * Runs {@code work} until it succeeds (true) or {@code giveUp} is true during a wait (false).
     *
     * @throws InterruptedException when the work or a wait is interrupted; nothing more is attempted
     */
    public boolean retry(Attempt work, Listener listener) throws InterruptedException {
        long wait = firstMillis;
        long firstFailure = 0;
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                work.run();
                listener.succeeded(
                        attempt, attempt == 1 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - firstFailure));
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt == 1) firstFailure = start;
                listener.failed(attempt, e, Duration.ofMillis(wait));
                if (!sleep(wait)) return false;
                wait = Math.min(maxMillis, wait * 2);
            }
        }
    }

    /** Sleeps {@code millis} in slices; false as soon as {@code giveUp} is true. */
    private boolean sleep(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (giveUp.getAsBoolean()) return false;
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) return true;
            Thread.sleep(Math.min(left, SLICE_MILLIS));
        }
    }
}
