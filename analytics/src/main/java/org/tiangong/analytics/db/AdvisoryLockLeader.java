package org.tiangong.analytics.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among the processes of one database for work that must run in exactly one of them (rollups and
 * retention: {@code StorageMaintenance}), by a PostgreSQL session-level advisory lock held on a connection of its own,
 * outside the pool. Every {@link #CHECK_EVERY} a thread of its own either tries the lock ({@code pg_try_advisory_lock},
 * never waiting) or, holding it, checks that its connection still answers. The lock lives exactly as long as that
 * session: when the connection is lost (the leader dies, its network goes, or an operator runs
 * {@code pg_terminate_backend}) the server releases it, the leader stops its work as soon as it notices, and another
 * process takes the lock at its next check, within seconds. Work started twice for a moment (a leader that has not
 * noticed yet) stays correct: the rollup job locks each machine's watermark row.
 *
 * <p>The lock connection's {@code application_name} is {@code tiangong-leader:<instance>}, so that every process (and
 * an operator, in {@code pg_stat_activity}) can tell which instance leads: {@link #leader()}.
 */
public final class AdvisoryLockLeader implements AutoCloseable {

    /** The work leadership runs: started on gaining the lock, closed on losing it. */
    public interface Work {
        AutoCloseable start() throws Exception;
    }

    /** How to open the lock's own connection, named as given (see {@link Database#openDedicated(String)}). */
    public interface Connector {
        Connection open(String applicationName) throws SQLException;
    }

    public static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    /** The advisory lock's first key: the application's ({@code 'TGNG'}); the second names the work. */
    static final int LOCK_SPACE = 0x54474e47;

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockLeader.class);
    private static final String PREFIX = "tiangong-leader:";

    private final Connector connector;
    private final int lockId;
    private final String instance;
    private final Work work;
    private final ScheduledExecutorService thread;
    private Connection connection;
    private AutoCloseable running;
    private volatile boolean leading;
    private volatile String leader;

    /**
     * @param lockId   which work this is a leader of (one id per kind of work)
     * @param instance this process's name, as /health and {@code pg_stat_activity} show it
     */
    public AdvisoryLockLeader(Connector connector, int lockId, String instance, Work work) {
        this.connector = connector;
        this.lockId = lockId;
        this.instance = instance;
        this.work = work;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiangong-leader");
            t.setDaemon(true);
            return t;
        });
    }

    public AdvisoryLockLeader start() {
        thread.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether this process holds the lock (and runs the work). */
    public boolean leading() {
        return leading;
    }

    /** The instance that held the lock at the last check; null when none (or the database did not answer). */
    public String leader() {
        return leader;
    }

    public String instance() {
        return instance;
    }

    private void check() {
        try {
            if (connection == null) connection = connector.open(PREFIX + instance);
            if (leading) {
                if (!connection.isValid(5)) throw new SQLException("the lock's connection does not answer");
            } else if (tryLock()) {
                leading = true;
                log.info("{} leads the maintenance work (advisory lock {}/{})", instance, LOCK_SPACE, lockId);
                running = work.start();
            }
            leader = leading ? instance : currentLeader();
        } catch (Exception e) {
            if (leading) log.warn("{} lost the maintenance lock: {}", instance, e.getMessage());
            stepDown();
        }
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, lockId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The name of the session holding the lock, from pg_locks (two-key advisory locks have objsubid 2). */
    private String currentLeader() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2""")) {
            ps.setLong(1, Integer.toUnsignedLong(LOCK_SPACE));
            ps.setLong(2, lockId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String name = rs.getString(1);
                return name != null && name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
            }
        }
    }

    /** Stops the work (if running) and drops the connection, and with it the lock; the next check starts over. */
    private void stepDown() {
        leading = false;
        leader = null;
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                log.warn("stopping the maintenance work failed: {}", e.toString());
            }
            running = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is gone anyway
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stepDown();
    }
}
