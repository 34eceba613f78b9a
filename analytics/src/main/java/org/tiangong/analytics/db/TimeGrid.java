package org.tiangong.analytics.db;

import java.time.Instant;

/** Whole minutes and hours in UTC, the buckets of the rollups (TimescaleDB's origin 2000-01-03 lies on both). */
public final class TimeGrid {

    public static final long MINUTE = 60, HOUR = 3600;

    private TimeGrid() {}

    /** The start of the bucket of {@code unit} seconds holding {@code t}. */
    public static Instant floor(Instant t, long unit) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), unit) * unit);
    }

    /** {@code t} itself when it starts a bucket, else the start of the next one. */
    public static Instant ceil(Instant t, long unit) {
        Instant f = floor(t, unit);
        return f.equals(t) ? t : f.plusSeconds(unit);
    }
}
