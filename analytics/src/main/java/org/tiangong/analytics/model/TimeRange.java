package org.tiangong.analytics.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A half-open span of time [start, end). */
public record TimeRange(Instant start, Instant end) {

    public TimeRange {
        if (end.isBefore(start)) throw new IllegalArgumentException("end " + end + " before start " + start);
    }

    public double seconds() {
        return Duration.between(start, end).toNanos() / 1e9;
    }

    public Optional<TimeRange> intersect(TimeRange other) {
        Instant s = start.isAfter(other.start) ? start : other.start;
        Instant e = end.isBefore(other.end) ? end : other.end;
        return e.isAfter(s) ? Optional.of(new TimeRange(s, e)) : Optional.empty();
    }

    public boolean isEmpty() {
        return !end.isAfter(start);
    }
}
