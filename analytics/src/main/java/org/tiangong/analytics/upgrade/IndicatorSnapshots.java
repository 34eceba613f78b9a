package org.tiangong.analytics.upgrade;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bureau's county-wide indicators (every enterprise's row and the overview), computed through {@link
 * UpgradeIndicators}' public methods and shared by every request until something they depend on changes.
 *
 * <p>Two ways a snapshot goes out of date, each handled apart. A change of the data it is computed from moves {@code
 * indicator_version} and the touched enterprises' versions ({@link IndicatorVersions}, triggers of migrations V55 and
 * V57, in the writer's transaction): the first request that sees another version than its snapshot's recomputes the
 * rows of the enterprises whose version moved (and of new ones), keeps the others, and derives the town and county
 * totals and the programme's progress again from the rows, before it answers — so a change is visible on the next
 * request. Requests arriving meanwhile wait for that one computation and take its result (single flight). A change
 * that concerns every enterprise (state rules, a TRUNCATE) recomputes every row. Figures that move with time alone
 * (assets networked in the last 24 h, KPIs from telemetry) are refreshed when the snapshot is older than {@code
 * maxAge}: the request that notices it is answered from the snapshot at hand, and one background thread computes every
 * row anew, without holding up requests, then merges: of each enterprise the row computed at the later version.
 */
public final class IndicatorSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndicatorSnapshots.class);

    /** One county's figures as of {@code takenAt}, computed at metadata version {@code version}. */
    public record Snapshot(
            long version, Instant takenAt, List<EnterpriseIndicators> enterprises, CountyOverview overview) {}

    /** A snapshot and the versions its rows reflect. */
    private record Kept(Snapshot snapshot, IndicatorVersions versions) {}

    private final UpgradeIndicators indicators;
    private final RegistryStore registry;
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
    private final AtomicLong recomputed = new AtomicLong();
    private volatile Kept kept;

    public IndicatorSnapshots(UpgradeIndicators indicators, DataSource dataSource, Clock clock, Duration maxAge) {
        this.indicators = indicators;
        this.registry = new RegistryStore(dataSource);
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The current snapshot: brought up to date now when the data changed since the last one (or there is none). */
    public Snapshot current() throws SQLException {
        long version = version();
        Kept k = kept;
        if (k == null || k.snapshot().version() < version) return update(version);
        if (clock.instant().isAfter(k.snapshot().takenAt().plus(maxAge)) && refreshing.compareAndSet(false, true)) {
            refresher.execute(this::refresh);
        }
        return k.snapshot();
    }

    /** How many enterprise rows this instance has computed (every kind of update counted), for tests and benchmarks. */
    public long recomputedEnterprises() {
        return recomputed.get();
    }

    /**
     * Brings the snapshot up to the data as it is now. One update at a time: callers that arrive during one wait for it
     * and take its result when it is at least at the version they saw.
     */
    private synchronized Snapshot update(long version) throws SQLException {
        Kept k = kept;
        if (k != null && k.snapshot().version() >= version) return k.snapshot();
        // the versions read before the computation: a change during it makes the next request update again
        IndicatorVersions v = IndicatorVersions.read(dataSource);
        Kept next = k == null || k.versions().allVersion() != v.allVersion() ? whole(v) : changed(k, v);
        kept = next;
        return next.snapshot();
    }

    /** Every row computed anew. */
    private Kept whole(IndicatorVersions v) throws SQLException {
        Instant at = clock.instant();
        List<EnterpriseIndicators> rows = List.copyOf(indicators.enterprises());
        recomputed.addAndGet(rows.size());
        return new Kept(new Snapshot(v.version(), at, rows, indicators.overview(rows)), v);
    }

    /** The rows of enterprises whose version moved, or that are new, computed anew; the others kept. */
    private Kept changed(Kept k, IndicatorVersions v) throws SQLException {
        Map<UUID, EnterpriseIndicators> old = byId(k.snapshot().enterprises());
        List<EnterpriseIndicators> rows = new ArrayList<>();
        for (Registry r : registry.all()) {
            UUID id = r.enterpriseId();
            EnterpriseIndicators row = old.get(id);
            if (row == null || v.of(id) != k.versions().of(id)) {
                try {
                    row = indicators.enterprise(id);
                    recomputed.incrementAndGet();
                } catch (IllegalArgumentException deletedMeanwhile) {
                    continue; // its deletion moved the version: the next request sees it gone
                }
            }
            rows.add(row);
        }
        List<EnterpriseIndicators> list = List.copyOf(rows);
        return new Kept(new Snapshot(v.version(), k.snapshot().takenAt(), list, indicators.overview(list)), v);
    }

    /** The background refresh: every row computed without the lock, then merged with what requests kept meanwhile. */
    private void refresh() {
        try {
            Kept fresh = whole(IndicatorVersions.read(dataSource));
            synchronized (this) {
                kept = merge(kept, fresh);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("indicator snapshot refresh failed: {}", e.toString());
        } finally {
            refreshing.set(false);
        }
    }

    /**
     * Of each enterprise the row at the later version ({@code fresh}'s on a tie: it is the newer in time; a row that
     * {@code current} holds at a later version was computed after {@code fresh} started). The enterprises are those of
     * the snapshot at the later county version; a county-wide change makes the later one win whole.
     */
    private Kept merge(Kept current, Kept fresh) throws SQLException {
        if (current == null) return fresh;
        long ca = current.versions().allVersion(), fa = fresh.versions().allVersion();
        if (fa != ca) return fa > ca ? fresh : current;
        Kept later = fresh.snapshot().version() >= current.snapshot().version() ? fresh : current;
        Map<UUID, EnterpriseIndicators> freshRows = byId(fresh.snapshot().enterprises());
        Map<UUID, EnterpriseIndicators> currentRows = byId(current.snapshot().enterprises());
        Map<UUID, Long> versions = new HashMap<>();
        List<EnterpriseIndicators> rows = new ArrayList<>();
        for (EnterpriseIndicators e : later.snapshot().enterprises()) {
            UUID id = e.registry().enterpriseId();
            EnterpriseIndicators f = freshRows.get(id), c = currentRows.get(id);
            boolean takeFresh = c == null
                    || (f != null
                            && fresh.versions().of(id) >= current.versions().of(id));
            rows.add(takeFresh ? f : c);
            versions.put(id, (takeFresh ? fresh : current).versions().of(id));
        }
        long version = Math.max(fresh.snapshot().version(), current.snapshot().version());
        List<EnterpriseIndicators> list = List.copyOf(rows);
        return new Kept(
                new Snapshot(version, fresh.snapshot().takenAt(), list, indicators.overview(list)),
                new IndicatorVersions(version, ca, versions));
    }

    private static Map<UUID, EnterpriseIndicators> byId(List<EnterpriseIndicators> rows) {
        Map<UUID, EnterpriseIndicators> out = new HashMap<>();
        for (EnterpriseIndicators e : rows) out.put(e.registry().enterpriseId(), e);
        return out;
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
