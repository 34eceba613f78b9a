package org.tiangong.analytics.db;

import java.time.Duration;

/**
 * How long data is kept and when it is compressed.
 *
 * @param compressAfter  TimescaleDB compresses telemetry and minute-rollup chunks older than this; null = never.
 *                       Keep it longer than the longest store-and-forward replay, so replays land in uncompressed
 *                       chunks (they still work on compressed ones, only slower).
 * @param rawRetention   raw telemetry older than this is dropped (TimescaleDB retention policy; a daily delete job
 *                       on plain PostgreSQL); null = kept for ever. Rollups outlive it, so OEE and energy over old
 *                       windows still work; series and downtime details do not.
 * @param minuteRetention minute rollups older than this are dropped; hour rollups are kept for ever; null = kept.
 */
public record StoragePolicy(Duration compressAfter, Duration rawRetention, Duration minuteRetention) {

    public StoragePolicy {
        requirePositive("compressAfter", compressAfter);
        requirePositive("rawRetention", rawRetention);
        requirePositive("minuteRetention", minuteRetention);
    }

    /** Compress after 7 days; keep everything. */
    public static StoragePolicy defaults() {
        return new StoragePolicy(Duration.ofDays(7), null, null);
    }

    private static void requirePositive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero()))
            throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
}
