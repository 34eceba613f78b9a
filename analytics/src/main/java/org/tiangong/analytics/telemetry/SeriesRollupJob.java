package org.tiangong.analytics.telemetry;

import static org.tiangong.analytics.db.TimeGrid.MINUTE;
import static org.tiangong.analytics.db.TimeGrid.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.StorageDialect;

/**
 * Keeps {@code signal_minute} and {@code signal_hour} (migration V56): per machine, from its {@code series_watermark}
 * to the last closed minute (at most {@code maxStep} per step), the minutes of its signals are computed again from
 * telemetry and the touched hours again from the minutes, and the watermark moves on, in one transaction that holds
 * the watermark row. A writer storing a sample older than the watermark moves it back in its own transaction
 * (TelemetryWriter), so no sample is missed. Several processes may run it: a machine whose row another holds is skipped.
 * Engine differences go through the {@link StorageDialect}: bucketing, and the hours ({@code signal_hour} is a table
 * rebuilt in the step on plain PostgreSQL, a continuous aggregate refreshed after it on TimescaleDB).
 */
public final class SeriesRollupJob {

    private static final String MACHINES = "SELECT machine_id FROM series_watermark ORDER BY machine_id";
    private static final String LOCK = "SELECT CASE WHEN isfinite(rolled_until) THEN rolled_until END FROM "
            + "series_watermark WHERE machine_id = ? FOR UPDATE SKIP LOCKED";
    private static final String FIRST_SAMPLE = "SELECT min(f.t) FROM signal s, LATERAL "
            + "(SELECT min(time) AS t FROM telemetry WHERE signal_id = s.id) f WHERE s.machine_id = ?";

    private final DataSource dataSource;
    private final StorageDialect dialect;
    private final Clock clock;
    private final Duration settle;
    private final Duration maxStep;

    public SeriesRollupJob(
            DataSource dataSource, StorageDialect dialect, Clock clock, Duration settle, Duration maxStep) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.settle = settle;
        this.maxStep = maxStep;
    }

    /** Steps every machine until all are rolled up to the last settled minute; returns the signal-minutes written. */
    public long catchUp() throws SQLException {
        long total = 0;
        for (int pass = 0; pass < 100_000; pass++) {
            long n = 0;
            boolean moved = false;
            for (UUID machine : machines()) {
                long step = step(machine);
                if (step >= 0) moved = true;
                n += Math.max(0, step);
            }
            total += n;
            if (!moved) return total;
        }
        return total;
    }

    private List<UUID> machines() throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(MACHINES);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getObject(1, UUID.class));
        }
        return out;
    }

    /** One step of one machine: signal-minutes written, or -1 when there was nothing to do (or another holds it). */
    long step(UUID machine) throws SQLException {
        Instant until = floor(clock.instant().minus(settle), MINUTE);
        Step done = new Jdbc(dataSource).inConnectionTransaction(c -> {
            Instant from;
            try (PreparedStatement ps = c.prepareStatement(LOCK)) {
                ps.setObject(1, machine);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null; // another process holds it
                    OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                    from = t == null ? firstSample(c, machine) : floor(t.toInstant(), MINUTE);
                }
            }
            if (from == null) {
                setWatermark(c, machine, until); // no data yet: a first sample will move it back
                return null;
            }
            if (!from.isBefore(until)) return null;
            Instant to = from.plus(maxStep).isBefore(until) ? from.plus(maxStep) : until;
            long written = rollUpMinutes(c, machine, from, to);
            dialect.rollUpSeriesHoursInStep(c, machine, from, to);
            setWatermark(c, machine, to);
            return new Step(written, from, to);
        });
        if (done == null) return -1;
        dialect.rollUpSeriesHoursAfterStep(dataSource, done.from(), done.to());
        return done.written();
    }

    /** What one committed step did: signal-minutes written over [from, to). */
    private record Step(long written, Instant from, Instant to) {}

    private static Instant firstSample(Connection c, UUID machine) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIRST_SAMPLE)) {
            ps.setObject(1, machine);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : floor(t.toInstant(), MINUTE);
            }
        }
    }

    private long rollUpMinutes(Connection c, UUID machine, Instant from, Instant to) throws SQLException {
        String signals = "(SELECT id FROM signal WHERE machine_id = ?)";
        try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM signal_minute WHERE signal_id IN " + signals + " AND bucket >= ? AND bucket < ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO signal_minute "
                        + "SELECT t.signal_id, " + dialect.bucketExpression("t.time")
                        + " AS b, min(value), max(value), "
                        + "sum(value), count(*), max(time), (array_agg(value ORDER BY time DESC))[1] "
                        + "FROM telemetry t WHERE t.signal_id IN " + signals + " AND t.time >= ? AND t.time < ? AND "
                        + StatusCodes.GOOD_SQL + " AND value <> 'NaN' GROUP BY 1, 2")) {
            bind(del, machine, from, to);
            del.executeUpdate();
            ins.setLong(1, MINUTE);
            ins.setObject(2, machine);
            ins.setObject(3, utc(from));
            ins.setObject(4, utc(to));
            return ins.executeUpdate();
        }
    }

    private static void setWatermark(Connection c, UUID machine, Instant to) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE series_watermark SET rolled_until = ? WHERE machine_id = ?")) {
            ps.setObject(1, utc(to));
            ps.setObject(2, machine);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, UUID machine, Instant from, Instant to) throws SQLException {
        ps.setObject(1, machine);
        ps.setObject(2, utc(from));
        ps.setObject(3, utc(to));
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
