package org.tiangong.analytics.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.CounterEvent;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * One machine's raw telemetry over a span, reduced to what sums are made of: its state intervals (which cover the
 * span without gaps, see {@code StateIntervals}), the steps of its part counters and energy meter, and the counter
 * readings that were not counted (re-bases and jumps, see {@code CounterDeltas}). Both the raw path and the rollup job
 * sum from here, so a number means the same thing whichever of them produced it.
 *
 * <p>Energy: a meter step is dated by its later reading (it counts in the bucket of that reading), and its kWh are
 * divided among the states in force between the two readings by duration — running, idle (any other known state) and
 * no data (counted in the total only). A step longer than {@link #SPLIT_WINDOW} is divided over its last day.
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
    private final List<SignalEvent> events;

    /** How far back a meter step's kWh are divided among states. */
    static final Duration SPLIT_WINDOW = Duration.ofDays(1);

    /** A counter reading that was not counted, and the signal it belongs to. */
    record SignalEvent(int signalId, String signal, CounterEvent event) {}

    /**
     * @param intervals the states from at least {@link #splitWindowStart} of the first energy step on (they may start
     *                  before the span) to the span's end
     */
    MachineHistory(
            TimeRange span,
            List<StateInterval> intervals,
            List<CounterDeltas.Step> good,
            List<CounterDeltas.Step> scrap,
            List<CounterDeltas.Step> energy,
            List<SignalEvent> events) {
        this.span = span;
        this.intervals = intervals;
        this.good = good;
        this.scrap = scrap;
        this.energy = energy;
        this.events = events;
    }

    /** Where the division of a meter step among states starts. */
    static Instant splitWindowStart(CounterDeltas.Step s) {
        Instant earliest = s.time().minus(SPLIT_WINDOW);
        return s.from().isBefore(earliest) ? earliest : s.from();
    }

    /** The re-bases and jumps of the span's counters, in time order per signal. */
    List<SignalEvent> events() {
        return events;
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
            if (!i.end().isAfter(from)) continue;
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
            addEnergy(rows, k * WIDTH, s);
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
            if (!i.end().isAfter(r.start())) continue;
            i.range().intersect(r).ifPresent(x -> acc[stateIndex(i.state())] += x.seconds());
        }
        acc[GOOD] += sum(good, r);
        acc[SCRAP] += sum(scrap, r);
        for (int k = firstAtOrAfter(energy, r.start());
                k < energy.size() && energy.get(k).time().isBefore(r.end());
                k++) {
            addEnergy(acc, 0, energy.get(k));
        }
    }

    /** A meter step into a row from {@code base}: its total, and its shares of running and idle by duration. */
    private void addEnergy(double[] row, int base, CounterDeltas.Step s) {
        row[base + ENERGY] += s.delta();
        long a = nanos(splitWindowStart(s)), b = nanos(s.time());
        if (b <= a) return;
        double running = 0, idle = 0;
        for (int k = firstEndingAfter(splitWindowStart(s));
                k < intervals.size() && nanos(intervals.get(k).start()) < b;
                k++) {
            StateInterval i = intervals.get(k);
            double seconds = (Math.min(b, nanos(i.end())) - Math.max(a, nanos(i.start()))) / 1e9;
            if (seconds <= 0) continue;
            if (i.state().equals(MachineState.RUNNING.key())) running += seconds;
            else if (!i.state().equals(MachineState.NO_DATA.key())) idle += seconds;
        }
        double window = (b - a) / 1e9;
        row[base + ENERGY_RUNNING] += s.delta() * running / window;
        row[base + ENERGY_IDLE] += s.delta() * idle / window;
    }

    /** The first interval that ends after {@code t}. */
    private int firstEndingAfter(Instant t) {
        int lo = 0, hi = intervals.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!intervals.get(mid).end().isAfter(t)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
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
