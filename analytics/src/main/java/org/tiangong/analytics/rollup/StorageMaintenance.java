package org.tiangong.analytics.rollup;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.telemetry.SeriesRollupSchedule;

/**
 * The background work of the database, on one thread of its own: the rollup job every {@code rollupEvery} (running
 * passes back to back while there is catching up to do, e.g. after a back-fill), the series rollups per signal per
 * minute and hour on a second thread at the same pace ({@link SeriesRollupSchedule}, so that a long back-fill of
 * series does not hold up the machine rollups), and the retention of the
 * {@link StoragePolicy} once an hour (the dialect's: batched deletes on plain PostgreSQL, nothing on TimescaleDB,
 * whose policy jobs do it). Several API processes
 * may run it on one database: a machine's step is skipped when another process holds it.
 */
public final class StorageMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StorageMaintenance.class);

    private final Database database;
    private final StoragePolicy policy;
    private final Clock clock;
    private final RollupJob rollups;
    private final SeriesRollupSchedule seriesRollups;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storage-maintenance");
        t.setDaemon(true);
        return t;
    });

    public StorageMaintenance(Database database, StoragePolicy policy, Clock clock) {
        this.database = database;
        this.policy = policy;
        this.clock = clock;
        this.rollups = new RollupJob(database.dataSource(), database.dialect(), clock);
        this.seriesRollups = new SeriesRollupSchedule(database.dataSource(), database.dialect(), clock);
    }

    public StorageMaintenance start(Duration rollupEvery) {
        executor.scheduleWithFixedDelay(this::rollUp, 0, rollupEvery.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::applyRetention, 1, 60, TimeUnit.MINUTES);
        seriesRollups.start(rollupEvery);
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

    /** Drops raw telemetry and minute rollups older than the policy keeps (the dialect's way). */
    void applyRetention() {
        try {
            database.dialect().applyRetention(database.dataSource(), policy, clock.instant());
        } catch (SQLException | RuntimeException e) {
            log.warn("retention pass failed, next pass retries: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        seriesRollups.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
