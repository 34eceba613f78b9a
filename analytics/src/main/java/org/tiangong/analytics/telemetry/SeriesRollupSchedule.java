package org.tiangong.analytics.telemetry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.StorageDialect;

/**
 * Runs {@link SeriesRollupJob} on a thread of its own every {@code every} (a pass catches up completely, so a
 * back-fill is rolled up in one go). Several processes may run it on one database: a machine held by one is skipped
 * by the others.
 */
public final class SeriesRollupSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SeriesRollupSchedule.class);

    /** Samples may arrive this late and still be rolled up in the first pass over their minute. */
    public static final Duration SETTLE = Duration.ofMinutes(2);
    /** Largest span of one machine rolled up in one transaction. */
    public static final Duration MAX_STEP = Duration.ofDays(1);

    private final SeriesRollupJob job;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "series-rollups");
        t.setDaemon(true);
        return t;
    });

    public SeriesRollupSchedule(DataSource dataSource, StorageDialect dialect, Clock clock) {
        this.job = new SeriesRollupJob(dataSource, dialect, clock, SETTLE, MAX_STEP);
    }

    public SeriesRollupSchedule start(Duration every) {
        executor.scheduleWithFixedDelay(this::pass, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void pass() {
        try {
            long n = job.catchUp();
            if (n > 100_000) log.info("series rollups: {} signal-minutes", n);
        } catch (SQLException | RuntimeException e) {
            log.warn("series rollup pass failed, next pass retries: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
