package org.tiangong.analytics.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How much a monotonic counter (parts, energy meter) advanced, judged by what the machine can plausibly do.
 *
 * <p>Between two good readings {@code p} then {@code n}, {@code e} seconds apart, with the counter's
 * {@link CounterLimit} {@code L(e)}:
 *
 * <ul>
 *   <li>{@code n ≥ p}: the delta is {@code n − p}, unless it exceeds {@code 10 × L(e)} (never when the rate is unknown):
 *       an implausible jump, not counted.
 *   <li>{@code n < p} and {@code p} in the top 10 % of the range and the wrap {@code max − p + 1 + n} a plausible
 *       advance: a rollover, counted as the wrap.
 *   <li>{@code n < p} and {@code n ≤ L(e)} (only the slack when the rate is unknown): a reset to zero, counting {@code n} (what was made since the reset).
 *   <li>otherwise a re-base (retentive counter restored after a power cut, replaced meter, preset counter): not
 *       counted.
 * </ul>
 *
 * Jumps and re-bases are reported as {@link CounterEvent}s, and the new reading is the base from then on. Bad,
 * Uncertain, non-finite and negative readings are skipped: they neither count nor break the chain.
 */
public final class CounterDeltas {

    /** The range of a UInt32 counter, the most common in PLCs. */
    public static final double UINT32_MAX = 4_294_967_295.0;

    private final double max;

    /** @param max the largest value the counter can show before it wraps to 0 */
    public CounterDeltas(double max) {
        if (!(max > 0)) throw new IllegalArgumentException("max must be positive");
        this.max = max;
    }

    /** The limit in force at a reading's time (the ideal cycle time may change). */
    @FunctionalInterface
    public interface Limits {
        CounterLimit at(Instant t);
    }

    /** One increase of a counter between the readings at {@code from} and {@code time}, dated by the later one. */
    public record Step(Instant from, Instant time, double delta) {}

    /** The steps (counted increases) and the events (readings not counted), both in time order. */
    public record Result(List<Step> steps, List<CounterEvent> events) {
        public double total() {
            double sum = 0;
            for (Step s : steps) sum += s.delta();
            return sum;
        }
    }

    /**
     * The increases between consecutive good readings, in time order. {@code before}, the last good reading before
     * the window (or null), anchors the first step so that parts made across the window's start count in the window
     * they were made in.
     */
    public Result steps(CounterSample before, List<CounterSample> readings, Limits limits) {
        CounterSample previous = before != null && usable(before) ? before : null;
        List<Step> steps = new ArrayList<>();
        List<CounterEvent> events = new ArrayList<>();
        for (CounterSample r : readings) {
            if (!usable(r)) continue;
            if (previous != null) {
                double seconds = Duration.between(previous.time(), r.time()).toNanos() / 1e9;
                Judged j = judge(previous.value(), r.value(), seconds, limits.at(r.time()));
                if (j.kind() == null) {
                    steps.add(new Step(previous.time(), r.time(), j.delta()));
                } else {
                    events.add(new CounterEvent(previous.time(), r.time(), j.kind(), previous.value(), r.value()));
                }
            }
            previous = r;
        }
        return new Result(steps, events);
    }

    /** A step's delta, or the kind of event when it is not counted. */
    public record Judged(double delta, CounterEvent.Kind kind) {}

    /** The rule of the class comment for one pair of readings {@code seconds} apart. */
    public Judged judge(double previous, double next, double seconds, CounterLimit limit) {
        if (next >= previous) {
            double d = next - previous;
            return limit.plausibleAdvance(d, seconds) ? new Judged(d, null) : new Judged(0, CounterEvent.Kind.JUMP);
        }
        double wrap = (max - previous) + 1 + next;
        if (previous >= 0.9 * max && limit.plausibleAdvance(wrap, seconds))
            return new Judged(wrap, null); // rolled over
        if (next <= limit.most(seconds)) return new Judged(next, null); // reset to zero, then counted up to next
        return new Judged(0, CounterEvent.Kind.REBASE);
    }

    private static boolean usable(CounterSample r) {
        return StatusCodes.isGood(r.status()) && Double.isFinite(r.value()) && r.value() >= 0;
    }
}
