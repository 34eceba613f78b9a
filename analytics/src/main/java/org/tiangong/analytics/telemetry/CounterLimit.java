package org.tiangong.analytics.telemetry;

/**
 * How fast a counter can plausibly advance: the machine's fastest rate (parts at the ideal cycle time, kWh at the
 * rated power, or a per-signal ceiling) times {@link #MARGIN}, plus a constant {@code slack} for what a reading's
 * timing can hide. A decrease is a reset to zero only when the new reading is within this limit of zero for the time
 * since the previous reading; an advance beyond {@link #JUMP_FACTOR} times it is an implausible jump. See docs/metrics.md, "Counters and meters".
 *
 * @param perSecond the fastest rate in units per second; NaN when not known
 * @param slack     units a counter may show above the rate's limit (parts or kWh)
 */
public record CounterLimit(double perSecond, double slack) {

    /** The rate limit's margin over the machine's fastest rate (a machine beats its ideal cycle time now and then). */
    public static final double MARGIN = 1.5;

    /**
     * How many times the limit an advance must exceed to be an implausible jump. Generous on purpose: a configured
     * ideal cycle time is often slower than the machine really is, and real production must not be lost to that (it
     * shows as performance over 100 % instead); a glitch of a million parts is still far beyond it.
     */
    public static final double JUMP_FACTOR = 10;

    /** Parts a counter may show above the rate's limit. */
    public static final double PART_SLACK = 10;

    /** kWh a meter may show above the rate's limit. */
    public static final double ENERGY_SLACK_KWH = 0.05;

    /** No limit at all: every decrease is a reset and every advance counts (the rule of Prometheus). */
    public static final CounterLimit UNBOUNDED = new CounterLimit(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public CounterLimit {
        if (!(perSecond > 0) && !Double.isNaN(perSecond)) throw new IllegalArgumentException("perSecond must be > 0");
        if (!(slack >= 0)) throw new IllegalArgumentException("slack must be ≥ 0");
    }

    /** A part counter of a machine with this ideal cycle time (null: unknown). */
    public static CounterLimit parts(Double idealCycleSeconds) {
        return new CounterLimit(
                idealCycleSeconds != null && idealCycleSeconds > 0 ? 1 / idealCycleSeconds : Double.NaN, PART_SLACK);
    }

    /** An energy meter of a machine with this rated power in kW (null: unknown). */
    public static CounterLimit energy(Double ratedPowerKw) {
        return new CounterLimit(
                ratedPowerKw != null && ratedPowerKw > 0 ? ratedPowerKw / 3600 : Double.NaN, ENERGY_SLACK_KWH);
    }

    /** A configured ceiling: at most {@code maxPerHour} units an hour (parts/h, or kW for a meter). */
    public static CounterLimit perHour(double maxPerHour, double slack) {
        return new CounterLimit(maxPerHour / 3600, slack);
    }

    /** Whether the rate is known (otherwise only {@link #slack} is). */
    public boolean known() {
        return !Double.isNaN(perSecond);
    }

    /** The most the counter can plausibly advance in {@code seconds}; only the slack when the rate is unknown. */
    public double most(double seconds) {
        return known() ? perSecond * Math.max(0, seconds) * MARGIN + slack : slack;
    }

    /**
     * Whether an advance of {@code delta} in {@code seconds} is plausible: at most {@link #JUMP_FACTOR} × {@link
     * #most} (always, when the rate is unknown).
     */
    public boolean plausibleAdvance(double delta, double seconds) {
        return !known() || delta <= JUMP_FACTOR * most(seconds);
    }
}
