package org.tiangong.analytics.oee;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.topology.IdealCycleChange;

/**
 * Cuts a report's buckets where the machine's ideal cycle time changes, so that each piece of production time is
 * judged by the ideal cycle time in force then (a change never rewrites past performance).
 */
final class IdealCycleSplit {

    /** Part of bucket {@code bucket}: its production ranges under one ideal cycle time (NaN: unknown). */
    record Segment(int bucket, List<TimeRange> production, double idealSeconds) {}

    private IdealCycleSplit() {}

    /**
     * @param buckets    each bucket's span
     * @param production each bucket's planned production ranges (in time order)
     * @param steps      the machine's ideal cycle steps, oldest first ({@code effectiveFrom} null = since ever)
     * @param fallback   the ideal cycle time when there are no steps at all
     * @return per bucket at least one segment, in time order
     */
    static List<List<Segment>> split(
            List<TimeRange> buckets, List<List<TimeRange>> production, List<IdealCycleChange> steps, double fallback) {
        List<List<Segment>> out = new ArrayList<>();
        for (int k = 0; k < production.size(); k++) {
            List<Segment> segments = new ArrayList<>();
            if (steps.isEmpty()) {
                segments.add(new Segment(k, production.get(k), fallback));
            } else {
                for (int s = 0; s < steps.size(); s++) {
                    Instant from = steps.get(s).effectiveFrom();
                    Instant to = s + 1 < steps.size() ? steps.get(s + 1).effectiveFrom() : null;
                    List<TimeRange> pieces = new ArrayList<>();
                    for (TimeRange r : production.get(k)) {
                        Instant a = from != null && from.isAfter(r.start()) ? from : r.start();
                        Instant b = to != null && to.isBefore(r.end()) ? to : r.end();
                        if (b.isAfter(a)) pieces.add(new TimeRange(a, b));
                    }
                    if (!pieces.isEmpty()) segments.add(new Segment(k, pieces, seconds(steps.get(s))));
                }
                // production before the first step has no known ideal cycle time
                Instant first = steps.get(0).effectiveFrom();
                if (first != null) {
                    List<TimeRange> before = new ArrayList<>();
                    for (TimeRange r : production.get(k)) {
                        Instant b = first.isBefore(r.end()) ? first : r.end();
                        if (b.isAfter(r.start())) before.add(new TimeRange(r.start(), b));
                    }
                    if (!before.isEmpty()) segments.add(0, new Segment(k, before, Double.NaN));
                }
                if (segments.isEmpty())
                    segments.add(new Segment(
                            k, List.of(), inForce(steps, buckets.get(k).start())));
            }
            out.add(segments);
        }
        return out;
    }

    /** The ideal cycle time in force at {@code t}; NaN when unknown. */
    static double inForce(List<IdealCycleChange> steps, Instant t) {
        double v = Double.NaN;
        for (IdealCycleChange c : steps) {
            if (c.effectiveFrom() == null || !c.effectiveFrom().isAfter(t)) v = seconds(c);
        }
        return v;
    }

    private static double seconds(IdealCycleChange c) {
        return c.seconds() == null ? Double.NaN : c.seconds();
    }
}
