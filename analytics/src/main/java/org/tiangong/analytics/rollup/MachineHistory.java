package org.tiangong.analytics.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * One machine's raw telemetry over a span, reduced to what sums are made of: its state intervals (which cover the
 * span without gaps, see {@code StateIntervals}) and the steps of its part counters and energy meter. Both the raw
 * path and the rollup job sum from here, so a number means the same thing whichever of them produced it.
 */
final class MachineHistory {

    static final int RUNNING = 0,
            IDLE = 1,
            SETUP = 2,
            FAULT = 3,
            OFF = 4,
            NO_DATA = 5,
            GOOD = 6,
            SCRAP = 7,
            ENERGY = 8,
            ENERGY_RUNNING = 9,
            ENERGY_IDLE = 10,
            WIDTH = 11;

    private final TimeRange span;
    private final List<StateInterval> intervals;
    private final List<CounterDeltas.Step> good;
    private final List<CounterDeltas.Step> scrap;
    private final List<CounterDeltas.Step> energy;

    MachineHistory(
            TimeRange span,
            List<StateInterval> intervals,
            List<CounterDeltas.Step> good,
            List<CounterDeltas.Step> scrap,
            List<CounterDeltas.Step> energy) {
        this.span = span;
        this.intervals = intervals;
        this.good = good;
        this.scrap = scrap;
        this.energy = energy;
    }

    TimeRange span() {
        return span;
    }

    /** Sums over the parts of {@code ranges} that lie inside the span. */
    MachineSums within(List<TimeRange> ranges) {
        double[] acc = new double[WIDTH];
        for (TimeRange r : ranges) r.intersect(span).ifPresent(x -> add(acc, x));
        return toSums(acc, 0);
    }

    /**
     * One row of sums per minute of [from, to), both on minute boundaries and inside the span: {@code rows[k]} is
     * the minute starting at {@code from + k min}, laid out as {@link #WIDTH} doubles from {@code k * WIDTH}.
     */
    double[] perMinute(Instant from, Instant to) {
        int n = (int) Duration.between(from, to).toMinutes();
        double[] rows = new double[n * WIDTH];
        long fromNanos = nanos(from);
        for (StateInterval i : intervals) {
            int state = stateIndex(i.state());
            long a = Math.max(nanos(i.start()), fromNanos);
            long b = Math.min(nanos(i.end()), nanos(to));
            while (a < b) {
                int k = (int) ((a - fromNanos) / MINUTE_NANOS);
                long minuteEnd = fromNanos + (k + 1) * MINUTE_NANOS;
                long e = Math.min(b, minuteEnd);
                rows[k * WIDTH + state] += (e - a) / 1e9;
                a = e;
            }
        }
        addSteps(rows, good, GOOD, from, to);
        addSteps(rows, scrap, SCRAP, from, to);
        for (CounterDeltas.Step s : energy) {
            if (s.time().isBefore(from) || !s.time().isBefore(to)) continue;
            int k = (int) ((nanos(s.time()) - fromNanos) / MINUTE_NANOS);
            rows[k * WIDTH + ENERGY] += s.delta();
            int energyState = energyState(s.time());
            if (energyState >= 0) rows[k * WIDTH + energyState] += s.delta();
        }
        return rows;
    }

    static MachineSums toSums(double[] a, int offset) {
        return new MachineSums(
                a[offset + RUNNING],
                a[offset + IDLE],
                a[offset + SETUP],
                a[offset + FAULT],
                a[offset + OFF],
                a[offset + NO_DATA],
                a[offset + GOOD],
                a[offset + SCRAP],
                a[offset + ENERGY],
                a[offset + ENERGY_RUNNING],
                a[offset + ENERGY_IDLE]);
    }

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private void add(double[] acc, TimeRange r) {
        for (StateInterval i : intervals) {
            i.range().intersect(r).ifPresent(x -> acc[stateIndex(i.state())] += x.seconds());
        }
        acc[GOOD] += sum(good, r);
        acc[SCRAP] += sum(scrap, r);
        for (int k = firstAtOrAfter(energy, r.start());
                k < energy.size() && energy.get(k).time().isBefore(r.end());
                k++) {
            CounterDeltas.Step s = energy.get(k);
            acc[ENERGY] += s.delta();
            int energyState = energyState(s.time());
            if (energyState >= 0) acc[energyState] += s.delta();
        }
    }

    /** Where energy metered at {@code t} goes: running, idle (any other known state), or nowhere for no data. */
    private int energyState(Instant t) {
        String state = stateAt(t);
        if (state.equals(MachineState.RUNNING.key())) return ENERGY_RUNNING;
        return state.equals(MachineState.NO_DATA.key()) ? -1 : ENERGY_IDLE;
    }

    private String stateAt(Instant t) {
        int lo = 0, hi = intervals.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            StateInterval i = intervals.get(mid);
            if (t.isBefore(i.start())) hi = mid - 1;
            else if (!t.isBefore(i.end())) lo = mid + 1;
            else return i.state();
        }
        return MachineState.NO_DATA.key();
    }

    private static double sum(List<CounterDeltas.Step> steps, TimeRange r) {
        double total = 0;
        for (int k = firstAtOrAfter(steps, r.start());
                k < steps.size() && steps.get(k).time().isBefore(r.end());
                k++) {
            total += steps.get(k).delta();
        }
        return total;
    }

    private static void addSteps(double[] rows, List<CounterDeltas.Step> steps, int column, Instant from, Instant to) {
        long fromNanos = nanos(from);
        for (int k = firstAtOrAfter(steps, from);
                k < steps.size() && steps.get(k).time().isBefore(to);
                k++) {
            int minute = (int) ((nanos(steps.get(k).time()) - fromNanos) / MINUTE_NANOS);
            rows[minute * WIDTH + column] += steps.get(k).delta();
        }
    }

    private static int firstAtOrAfter(List<CounterDeltas.Step> steps, Instant t) {
        int lo = 0, hi = steps.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (steps.get(mid).time().isBefore(t)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int stateIndex(String state) {
        return switch (MachineState.fromKey(state).orElse(MachineState.NO_DATA)) {
            case RUNNING -> RUNNING;
            case IDLE -> IDLE;
            case SETUP -> SETUP;
            case FAULT -> FAULT;
            case OFF -> OFF;
            case NO_DATA -> NO_DATA;
        };
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
