package org.tiangong.analytics.rollup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.StoragePolicy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background work of the database, on one thread of its own: the rollup job every {@code rollupEvery} (running
 * passes back to back while there is catching up to do, e.g. after a back-fill), and on plain PostgreSQL the
 * retention of the {@link StoragePolicy} once an hour (TimescaleDB runs its own policies). Several API processes
 * may run it on one database: a machine's step is skipped when another process holds it.
 */
public final class StorageMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StorageMaintenance.class);
    /** Rows deleted per statement by the retention job, so that no transaction grows large. */
    private static final int DELETE_BATCH = 50_000;

    private final Database database;
    private final StoragePolicy policy;
    private final Clock clock;
    private final RollupJob rollups;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storage-maintenance");
        t.setDaemon(true);
        return t;
    });

    public StorageMaintenance(Database database, StoragePolicy policy, Clock clock) {
        this.database = database;
        this.policy = policy;
        this.clock = clock;
        this.rollups = new RollupJob(database.dataSource(), database.engine(), clock);
    }

    public StorageMaintenance start(Duration rollupEvery) {
        executor.scheduleWithFixedDelay(this::rollUp, 0, rollupEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (!database.engine().timescale()) executor.scheduleWithFixedDelay(this::applyRetention, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    private void rollUp() {
        try {
            long total = rollups.catchUp();
            if (total > 10_000) log.info("rolled up {} machine-minutes", total);
        } catch (SQLException | RuntimeException e) {
            log.warn("rollup pass failed, next pass retries: {}", e.getMessage());
        }
    }

    /** Plain PostgreSQL: drops raw telemetry and minute rollups older than the policy keeps. */
    void applyRetention() {
        try {
            Instant now = clock.instant();
            if (policy.rawRetention() != null) deleteOlder("telemetry", "signal_id", "time", now.minus(policy.rawRetention()));
            if (policy.minuteRetention() != null) deleteOlder("machine_minute", "machine_id", "bucket", now.minus(policy.minuteRetention()));
        } catch (SQLException | RuntimeException e) {
            log.warn("retention pass failed, next pass retries: {}", e.getMessage());
        }
    }

    /** Deletes by primary key (key, time) in batches; ctid would not do, it is not unique across partitions or chunks. */
    private void deleteOlder(String table, String key, String column, Instant before) throws SQLException {
        long total = 0;
        int n;
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE (" + key + ", " + column + ") IN (SELECT "
                     + key + ", " + column + " FROM " + table + " WHERE " + column + " < ? LIMIT " + DELETE_BATCH + ")")) {
            ps.setObject(1, before.atOffset(ZoneOffset.UTC));
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == DELETE_BATCH);
        }
        if (total > 0) log.info("retention: deleted {} rows of {} before {}", total, table, before);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
