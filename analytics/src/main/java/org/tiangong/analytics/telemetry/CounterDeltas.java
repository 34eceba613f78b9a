package org.tiangong.analytics.telemetry;

import java.util.List;

/**
 * How much a monotonic counter advanced, surviving resets and rollovers.
 *
 * <p>Between two good readings the delta is {@code next − previous}. When the counter goes down it either rolled
 * over (the previous reading was in the top 10 % of its range: delta = {@code max − previous + 1 + next}) or was reset
 * (set to zero by an operator or a controller restart: delta = {@code next}, counting what was made since the reset).
 * Bad or Uncertain readings are skipped; they neither count nor break the chain.
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

    /** One increase of a counter, dated by the reading that showed it. */
    public record Step(java.time.Instant time, double delta) {}

    /**
     * The increases between consecutive good readings, in time order. {@code before}, the last good reading before
     * the window (or null), anchors the first step so that parts made across the window's start count in the window
     * they were made in. Bad, Uncertain, non-finite and negative readings are skipped: they neither count nor break
     * the chain.
     */
    public List<Step> steps(CounterSample before, List<CounterSample> readings) {
        Double previous = before != null && usable(before) ? before.value() : null;
        List<Step> out = new java.util.ArrayList<>();
        for (CounterSample r : readings) {
            if (!usable(r)) continue;
            if (previous != null) out.add(new Step(r.time(), delta(previous, r.value())));
            previous = r.value();
        }
        return out;
    }

    /** Total increase over readings in time order (see {@link #steps}). */
    public double total(CounterSample before, List<CounterSample> readings) {
        double sum = 0;
        for (Step s : steps(before, readings)) sum += s.delta();
        return sum;
    }

    private static boolean usable(CounterSample r) {
        return StatusCodes.isGood(r.status()) && Double.isFinite(r.value()) && r.value() >= 0;
    }

    /** The increase from one good reading to the next. */
    public double delta(double previous, double next) {
        if (next >= previous) return next - previous;
        if (previous >= 0.9 * max) return (max - previous) + 1 + next; // rolled over
        return next; // reset to zero, then counted up to next
    }
}
