package org.tiangong.analytics.db;

/**
 * How the engine buckets time, the one part of the {@link StorageDialect} that readers of telemetry need. Both
 * engines use TimescaleDB's default origin (Monday 2000-01-03 00:00 UTC), so plain PostgreSQL and TimescaleDB put a
 * sample in the same bucket.
 */
public interface TimeBucketing {

    /** SQL expression bucketing {@code column}; it takes one parameter, the bucket width in seconds (a bigint/int). */
    String bucketExpression(String column);
}
