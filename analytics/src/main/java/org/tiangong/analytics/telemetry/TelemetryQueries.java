package org.tiangong.analytics.telemetry;

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
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.TimeBucketing;
import org.tiangong.analytics.model.CanonicalSignal;

/** Reads telemetry: bucketed series, newest values and time in state. Engine differences go through {@link TimeBucketing}. */
public final class TelemetryQueries {

    private final DataSource dataSource;
    private final TimeBucketing bucketing;
    private final Clock clock;
    private final RollupSeries rollups;

    public TelemetryQueries(DataSource dataSource, TimeBucketing bucketing, Clock clock) {
        this.dataSource = dataSource;
        this.bucketing = bucketing;
        this.clock = clock;
        this.rollups = new RollupSeries(dataSource, bucketing);
    }

    /**
     * min/avg/max/last/count of Good samples of one signal per bucket over [from, to). Empty buckets are absent.
     * Buckets of whole minutes come from the series rollups where they are complete ({@link RollupSeries}).
     */
    public List<SeriesBucket> series(int signalId, Instant from, Instant to, Duration bucket) throws SQLException {
        return RollupSeries.covers(bucket)
                ? rollups.series(signalId, from, to, bucket)
                : rawSeries(signalId, from, to, bucket);
    }

    /** The same figures from raw telemetry only (the rollup tests compare with it). */
    public List<SeriesBucket> rawSeries(int signalId, Instant from, Instant to, Duration bucket) throws SQLException {
        String sql = "SELECT b, min(value), avg(value), max(value), (array_agg(value ORDER BY time DESC))[1], count(*) "
                + "FROM (SELECT " + bucketing.bucketExpression("time") + " AS b, time, value FROM telemetry "
                + "      WHERE signal_id = ? AND time >= ? AND time < ? AND " + StatusCodes.GOOD_SQL
                + " AND value <> 'NaN') t "
                + "GROUP BY b ORDER BY b";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, bucket.getSeconds());
            ps.setInt(2, signalId);
            ps.setObject(3, utc(from));
            ps.setObject(4, utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                List<SeriesBucket> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new SeriesBucket(
                            rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getDouble(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getDouble(5),
                            rs.getLong(6)));
                }
                return out;
            }
        }
    }

    /** The newest sample of each of the machine's signals. */
    public List<LatestValue> latest(UUID machineId) throws SQLException {
        String sql =
                "SELECT s.name, l.time, l.value, l.status FROM signal_latest l JOIN signal s ON s.id = l.signal_id "
                        + "WHERE s.machine_id = ? ORDER BY s.name";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                List<LatestValue> out = new ArrayList<>();
                while (rs.next()) {
                    Optional<CanonicalSignal> s = CanonicalSignal.fromKey(rs.getString(1));
                    if (s.isEmpty()) continue;
                    out.add(new LatestValue(
                            s.get(), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getDouble(3), rs.getInt(4)));
                }
                return out;
            }
        }
    }

    /** Seconds in each state over [from, to), from the machine's states (see {@link StateSource}). */
    public StateDurations stateDurations(UUID machineId, Instant from, Instant to) throws SQLException {
        StateSource.States s = new StateSource(dataSource).load(machineId, from, to);
        return StateTimeline.measure(from, to, s.before(), s.window(), s.dataUntil(), clock.instant());
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
