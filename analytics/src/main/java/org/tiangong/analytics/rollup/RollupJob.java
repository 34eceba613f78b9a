package org.tiangong.analytics.rollup;

import static org.tiangong.analytics.db.TimeGrid.MINUTE;
import static org.tiangong.analytics.db.TimeGrid.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.CopyStream;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.StorageDialect;
import org.tiangong.analytics.model.TimeRange;

/**
 * Keeps the rollups up to date: for each machine, the minutes from its watermark up to the newest minute that is
 * both settled (a little behind the clock, for samples in flight) and covered by the machine's data, at most
 * {@code maxStep} per machine and pass. Each machine's step is one transaction that locks its watermark row, so a
 * late sample written meanwhile moves the watermark back after the step instead of being missed (see
 * {@code TelemetryWriter}). The hour rollup is the {@link StorageDialect}'s: on plain PostgreSQL it rebuilds the
 * touched hours of {@code machine_hour} inside the step; on TimescaleDB that is a continuous aggregate, refreshed
 * for the touched complete hours right after the step.
 */
public final class RollupJob {

    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final StorageDialect dialect;
    private final Clock clock;
    private final Duration settle;
    private final Duration maxStep;
    private final HistoryLoader loader;

    public RollupJob(DataSource dataSource, StorageDialect dialect, Clock clock) {
        this(dataSource, dialect, clock, Duration.ofMinutes(1), Duration.ofDays(1));
    }

    /**
     * @param settle  how far behind the clock the job stays, so that samples still on their way land before it
     * @param maxStep the most time one machine is rolled up by in one transaction
     */
    public RollupJob(DataSource dataSource, StorageDialect dialect, Clock clock, Duration settle, Duration maxStep) {
        if (maxStep.compareTo(Duration.ofMinutes(1)) < 0)
            throw new IllegalArgumentException("maxStep must be at least a minute");
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.dialect = dialect;
        this.clock = clock;
        this.settle = settle;
        this.maxStep = maxStep;
        this.loader = new HistoryLoader(dataSource);
    }

    /** One pass over every machine; returns the machine-minutes rolled up (0 when all are up to date). */
    public long runOnce() throws SQLException {
        List<UUID> machines = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT machine_id FROM rollup_watermark ORDER BY machine_id")) {
            while (rs.next()) machines.add(rs.getObject(1, UUID.class));
        }
        long minutes = 0;
        for (UUID m : machines) minutes += step(m);
        return minutes;
    }

    /** Passes until every machine is up to date (or the thread is interrupted); returns the machine-minutes rolled up. */
    public long catchUp() throws SQLException {
        long total = 0, n;
        while ((n = runOnce()) > 0) {
            total += n;
            if (Thread.currentThread().isInterrupted()) break;
        }
        return total;
    }

    private long step(UUID machine) throws SQLException {
        Instant settled = floor(clock.instant().minus(settle), MINUTE);
        TimeRange done = jdbc.inConnectionTransaction(c -> stepLocked(c, machine, settled));
        if (done == null) return 0;
        dialect.rollUpHoursAfterStep(dataSource, done);
        return Duration.between(done.start(), done.end()).toMinutes();
    }

    /** Rolls up one step for a machine inside the caller's transaction; returns the span done, or null. */
    private TimeRange stepLocked(Connection c, UUID machine, Instant settled) throws SQLException {
        Instant watermark, dataUntil;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT CASE WHEN isfinite(w.rolled_until) THEN w.rolled_until END,
                       (SELECT max(l.time) FROM signal_latest l JOIN signal s ON s.id = l.signal_id WHERE s.machine_id = w.machine_id)
                FROM rollup_watermark w WHERE w.machine_id = ? FOR UPDATE OF w SKIP LOCKED""")) {
            ps.setObject(1, machine);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null; // another job holds it, or the machine is gone
                watermark = instant(rs, 1);
                dataUntil = instant(rs, 2);
            }
        }
        if (dataUntil == null) return null; // never reported
        Instant start = floor(watermark != null ? watermark : earliestSample(c, machine), MINUTE);
        Instant end = min(min(settled, floor(dataUntil, MINUTE)), start.plus(maxStep));
        if (!start.isBefore(end)) return null;
        TimeRange span = new TimeRange(start, end);
        MachineHistory history = loader.load(machine, span);
        replaceMinutes(c, machine, span, history.perMinute(start, end));
        CounterEvents.replace(c, machine, span, history.events());
        dialect.rollUpHoursInStep(c, machine, span);
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE rollup_watermark SET rolled_until = ? WHERE machine_id = ?")) {
            ps.setObject(1, end.atOffset(ZoneOffset.UTC));
            ps.setObject(2, machine);
            ps.executeUpdate();
        }
        return span;
    }

    private static Instant earliestSample(Connection c, UUID machine) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min((SELECT min(time) FROM telemetry t WHERE t.signal_id = s.id)) FROM signal s WHERE s.machine_id = ?")) {
            ps.setObject(1, machine);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant t = instant(rs, 1);
                return t != null ? t : Instant.EPOCH;
            }
        }
    }

    private static void replaceMinutes(Connection c, UUID machine, TimeRange span, double[] rows) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM machine_minute WHERE machine_id = ? AND bucket >= ? AND bucket < ?")) {
            ps.setObject(1, machine);
            ps.setObject(2, span.start().atOffset(ZoneOffset.UTC));
            ps.setObject(3, span.end().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try (CopyStream out = CopyStream.open(
                c,
                "COPY machine_minute (machine_id, bucket, running_s, idle_s, setup_s, "
                        + "fault_s, off_s, no_data_s, good, scrap, energy_kwh, energy_running_kwh, energy_idle_kwh) FROM STDIN")) {
            int n = rows.length / MachineHistory.WIDTH;
            for (int k = 0; k < n; k++) {
                StringBuilder row = out.row()
                        .append(machine)
                        .append('\t')
                        .append(span.start().plusSeconds(k * MINUTE));
                for (int col = 0; col < MachineHistory.WIDTH; col++)
                    row.append('\t').append(rows[k * MachineHistory.WIDTH + col]);
                row.append('\n');
                out.rowDone();
            }
            out.finish();
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
