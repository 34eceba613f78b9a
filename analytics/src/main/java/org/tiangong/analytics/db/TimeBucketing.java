package org.tiangong.analytics.db;

/**
 * The one place that knows how each engine buckets time. Both forms use TimescaleDB's default origin
 * (Monday 2000-01-03 00:00 UTC) so plain PostgreSQL and TimescaleDB put a sample in the same bucket.
 */
public final class TimeBucketing {

    private final boolean timescale;

    public TimeBucketing(StorageEngine engine) {
        this.timescale = engine.timescale();
    }

    /**
     * SQL expression bucketing {@code column}; it takes one parameter, the bucket width in seconds (a bigint/int).
     */
    public String bucketExpression(String column) {
        return timescale
                ? "time_bucket(make_interval(secs => ?), " + column + ")"
                : "date_bin(make_interval(secs => ?), " + column + ", TIMESTAMPTZ '2000-01-03 00:00:00+00')";
    }
}
