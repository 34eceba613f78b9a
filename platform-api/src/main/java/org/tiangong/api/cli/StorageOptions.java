package org.tiangong.api.cli;

import java.time.Duration;
import org.tiangong.analytics.db.StoragePolicy;
import picocli.CommandLine.Option;

/** Compression and retention options of the commands that own the database (api, demo, migrate). */
final class StorageOptions {

    @Option(
            names = "--compress-after-days",
            defaultValue = "7",
            paramLabel = "DAYS",
            description = "TimescaleDB: compress telemetry older than this; 0 = never (default ${DEFAULT-VALUE})")
    int compressAfterDays;

    @Option(
            names = "--raw-retention-days",
            defaultValue = "0",
            paramLabel = "DAYS",
            description = "drop raw telemetry older than this (rollups stay); 0 = keep for ever (default)")
    int rawRetentionDays;

    @Option(
            names = "--minute-rollup-retention-days",
            defaultValue = "0",
            paramLabel = "DAYS",
            description = "drop minute rollups older than this (hour rollups stay); 0 = keep for ever (default)")
    int minuteRetentionDays;

    StoragePolicy policy() {
        return new StoragePolicy(
                days("--compress-after-days", compressAfterDays),
                days("--raw-retention-days", rawRetentionDays),
                days("--minute-rollup-retention-days", minuteRetentionDays));
    }

    private static Duration days(String option, int days) {
        if (days < 0) throw new IllegalArgumentException(option + " must be 0 (off) or a number of days, got " + days);
        return days == 0 ? null : Duration.ofDays(days);
    }
}
