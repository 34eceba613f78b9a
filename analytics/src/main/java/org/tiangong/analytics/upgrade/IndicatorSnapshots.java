package org.tiangong.analytics.upgrade;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bureau's county-wide indicators (every enterprise's row and the overview), computed once through {@link
 * UpgradeIndicators}' public methods and shared by every request until something they depend on changes.
 *
 * <p>Two ways a snapshot goes out of date, each handled apart: a change of the data it is computed from (registry,
 * ledger, projects, programme, topology, calendars) moves {@code indicator_version} (triggers of migration V55, in the
 * writer's transaction); a request that sees a version other than its snapshot's recomputes before it answers, so a
 * change is visible on the next request. Figures that move with time alone (assets networked in the last 24 h, KPIs
 * from telemetry) are refreshed when the snapshot is older than {@code maxAge}: the request that notices it is
 * answered from the snapshot at hand, and one background thread computes the next.
 */
public final class IndicatorSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndicatorSnapshots.class);

    /** One county's figures as of {@code takenAt}, computed at metadata version {@code version}. */
    public record Snapshot(
            long version, Instant takenAt, List<EnterpriseIndicators> enterprises, CountyOverview overview) {}

    private final UpgradeIndicators indicators;
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    /** At most one refresh at a time and none queued (the flag below); the thread ends when idle. */
    private final ThreadPoolExecutor refresher =
            new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "tiangong-indicator-snapshots");
                t.setDaemon(true);
                return t;
            });

    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot current;

    public IndicatorSnapshots(UpgradeIndicators indicators, DataSource dataSource, Clock clock, Duration maxAge) {
        this.indicators = indicators;
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The current snapshot: computed now when the data changed since the last one (or there is none yet). */
    public Snapshot current() throws SQLException {
        long version = version();
        Snapshot s = current;
        if (s == null || s.version() != version) return recompute(version);
        if (clock.instant().isAfter(s.takenAt().plus(maxAge)) && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    recompute(version());
                } catch (SQLException | RuntimeException e) {
                    log.warn("indicator snapshot refresh failed: {}", e.toString());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return s;
    }

    /**
     * Computes a snapshot and keeps it unless a newer one was kept meanwhile. One computation at a time: callers that
     * arrive during one wait for it and take its result when it saw the version they saw.
     */
    private synchronized Snapshot recompute(long version) throws SQLException {
        Snapshot s = current;
        if (s != null
                && s.version() == version
                && !clock.instant().isAfter(s.takenAt().plus(maxAge))) return s;
        Instant at = clock.instant();
        List<EnterpriseIndicators> rows = List.copyOf(indicators.enterprises());
        Snapshot next = new Snapshot(version, at, rows, indicators.overview(rows));
        // the version read before the computation: a change during it makes the next request recompute again
        current = next;
        return next;
    }

    private long version() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM indicator_version")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
