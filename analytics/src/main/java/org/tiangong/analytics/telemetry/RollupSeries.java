package org.tiangong.analytics.telemetry;

import static org.tiangong.analytics.db.TimeGrid.HOUR;
import static org.tiangong.analytics.db.TimeGrid.MINUTE;
import static org.tiangong.analytics.db.TimeGrid.ceil;
import static org.tiangong.analytics.db.TimeGrid.floor;
import static org.tiangong.analytics.telemetry.SeriesRollupJob.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.tiangong.analytics.db.TimeBucketing;

/**
 * A signal's series in buckets of whole minutes, from the rollups of {@link SeriesRollupJob} where they are complete
 * and from raw telemetry elsewhere: whole hours from {@code signal_hour} (when the bucket is whole hours), the minutes
 * around them from {@code signal_minute}, and raw samples for the partial minutes at the window's edges and for
 * everything after the machine's series watermark. The pieces are partial aggregates (min, max, sum, count, last with
 * its time) merged per bucket, so the answer is the one a raw read gives (the average up to floating-point
 * summation order).
 */
public final class RollupSeries {

    private static final String WATERMARK = "SELECT CASE WHEN isfinite(w.rolled_until) THEN w.rolled_until END "
            + "FROM series_watermark w JOIN signal s ON s.machine_id = w.machine_id WHERE s.id = ?";

    private final DataSource dataSource;
    private final TimeBucketing bucketing;

    public RollupSeries(DataSource dataSource, TimeBucketing bucketing) {
        this.dataSource = dataSource;
        this.bucketing = bucketing;
    }

    /** Can {@link #series} read this bucket width from rollups (whole minutes)? */
    public static boolean covers(Duration bucket) {
        return bucket.getSeconds() >= MINUTE && bucket.getSeconds() % MINUTE == 0 && bucket.getNano() == 0;
    }

    /** min/avg/max/last/count of Good samples per bucket over [from, to), as TelemetryQueries' raw read defines them. */
    public List<SeriesBucket> series(int signalId, Instant from, Instant to, Duration bucket) throws SQLException {
        if (!covers(bucket)) throw new IllegalArgumentException("bucket must be whole minutes: " + bucket);
        long width = bucket.getSeconds();
        try (Connection c = dataSource.getConnection()) {
            Instant rolled = watermark(c, signalId);
            Instant a = ceil(from, MINUTE);
            Instant b = rolled == null ? a : min(floor(to, MINUTE), floor(rolled, MINUTE));
            if (b.isBefore(a)) b = a;
            Instant ha = a, hb = a; // whole hours, when the bucket is whole hours
            if (width % HOUR == 0) {
                ha = min(ceil(a, HOUR), b);
                hb = floor(b, HOUR);
                if (hb.isBefore(ha)) hb = ha;
            }
            // raw: [from, a) and [b, to); minutes: [a, ha) and [hb, b); hours: [ha, hb)
            Instant rawEnd = a.isAfter(to) ? to : a;
            Instant rawStart = b.isBefore(from) ? from : b;
            String sql = "SELECT b, min(mn), sum(sm) / sum(ct), max(mx), (array_agg(lv ORDER BY lt DESC))[1], "
                    + "sum(ct)::bigint FROM ("
                    + " SELECT " + bucketing.bucketExpression("bucket") + " AS b, min AS mn, max AS mx, sum AS sm,"
                    + " count AS ct, last_time AS lt, last_value AS lv"
                    + " FROM signal_hour WHERE signal_id = ? AND bucket >= ? AND bucket < ?"
                    + " UNION ALL SELECT " + bucketing.bucketExpression("bucket") + ", min, max, sum, count, last_time,"
                    + " last_value FROM signal_minute WHERE signal_id = ?"
                    + " AND ((bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?))"
                    + " UNION ALL SELECT " + bucketing.bucketExpression("time")
                    + ", value, value, value, 1, time, value"
                    + " FROM telemetry WHERE signal_id = ? AND ((time >= ? AND time < ?) OR (time >= ? AND time < ?))"
                    + " AND " + StatusCodes.GOOD_SQL + " AND value <> 'NaN'"
                    + ") x GROUP BY b ORDER BY b";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, width);
                ps.setInt(i++, signalId);
                ps.setObject(i++, utc(ha));
                ps.setObject(i++, utc(hb));
                ps.setLong(i++, width);
                ps.setInt(i++, signalId);
                ps.setObject(i++, utc(a));
                ps.setObject(i++, utc(ha));
                ps.setObject(i++, utc(hb));
                ps.setObject(i++, utc(b));
                ps.setLong(i++, width);
                ps.setInt(i++, signalId);
                ps.setObject(i++, utc(from));
                ps.setObject(i++, utc(rawEnd));
                ps.setObject(i++, utc(rawStart));
                ps.setObject(i, utc(to));
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
    }

    private static Instant watermark(Connection c, int signalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WATERMARK)) {
            ps.setInt(1, signalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static Instant min(Instant x, Instant y) {
        return x.isBefore(y) ? x : y;
    }
}
