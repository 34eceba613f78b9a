package org.tiangong.analytics.db;

import static org.tiangong.analytics.db.TimeGrid.HOUR;
import static org.tiangong.analytics.db.TimeGrid.ceil;
import static org.tiangong.analytics.db.TimeGrid.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.TimeRange;

/**
 * Plain PostgreSQL (≥ 14; embedded and fallback): {@code telemetry} stays the table of V2 with its BRIN index on
 * time, {@code machine_hour} and {@code signal_hour} tables the rollup jobs rebuild hour by hour from
 * {@code machine_minute} and {@code signal_minute}, and retention
 * a batched delete that {@code StorageMaintenance} runs every hour.
 */
public final class PostgresDialect implements StorageDialect {

    private static final Logger log = LoggerFactory.getLogger(PostgresDialect.class);
    /** Rows deleted per statement by the retention job, so that no transaction grows large. */
    private static final int DELETE_BATCH = 50_000;

    private static final String REBUILD_HOURS = """
            INSERT INTO machine_hour
            SELECT machine_id, date_bin(INTERVAL '1 hour', bucket, TIMESTAMPTZ '2000-01-03 00:00:00+00'),
                   sum(running_s), sum(idle_s), sum(setup_s), sum(fault_s), sum(off_s), sum(no_data_s), sum(good),
                   sum(scrap), sum(energy_kwh), sum(energy_running_kwh), sum(energy_idle_kwh)
            FROM machine_minute WHERE machine_id = ? AND bucket >= ? AND bucket < ? GROUP BY 1, 2""";

    private static final String REBUILD_SERIES_HOURS = """
            INSERT INTO signal_hour
            SELECT signal_id, date_bin(INTERVAL '1 hour', bucket, TIMESTAMPTZ '2000-01-03 00:00:00+00'), min(min),
                   max(max), sum(sum), sum(count), max(last_time), (array_agg(last_value ORDER BY last_time DESC))[1]
            FROM signal_minute WHERE signal_id IN (SELECT id FROM signal WHERE machine_id = ?)
              AND bucket >= ? AND bucket < ? GROUP BY 1, 2""";

    private final String version;

    PostgresDialect(String version) {
        this.version = version;
    }

    @Override
    public String description() {
        return "postgresql " + version;
    }

    @Override
    public String bucketExpression(String column) {
        return "date_bin(make_interval(secs => ?), " + column + ", TIMESTAMPTZ '2000-01-03 00:00:00+00')";
    }

    /** The table of V2 as it is: range scans go through its BRIN index on time. */
    @Override
    public void prepareTelemetryTable(Connection c) {}

    /** Nothing beyond the migrations; the policy is applied by {@link #applyRetention}. */
    @Override
    public void setUp(DataSource ds, StoragePolicy policy) {}

    /** The hours the step touched, summed again from their minutes, in the step's transaction. */
    @Override
    public void rollUpHoursInStep(Connection c, UUID machine, TimeRange span) throws SQLException {
        OffsetDateTime from = floor(span.start(), HOUR).atOffset(ZoneOffset.UTC);
        OffsetDateTime to = ceil(span.end(), HOUR).atOffset(ZoneOffset.UTC);
        try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM machine_hour WHERE machine_id = ? AND bucket >= ? AND bucket < ?");
                PreparedStatement ins = c.prepareStatement(REBUILD_HOURS)) {
            for (PreparedStatement ps : List.of(del, ins)) {
                ps.setObject(1, machine);
                ps.setObject(2, from);
                ps.setObject(3, to);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public void rollUpHoursAfterStep(DataSource ds, TimeRange span) {}

    /** The hours of the machine's signals the step touched, from their minutes, in the step's transaction. */
    @Override
    public void rollUpSeriesHoursInStep(Connection c, UUID machine, Instant from, Instant to) throws SQLException {
        String signals = "(SELECT id FROM signal WHERE machine_id = ?)";
        try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM signal_hour WHERE signal_id IN " + signals + " AND bucket >= ? AND bucket < ?");
                PreparedStatement ins = c.prepareStatement(REBUILD_SERIES_HOURS)) {
            for (PreparedStatement ps : List.of(del, ins)) {
                ps.setObject(1, machine);
                ps.setObject(2, floor(from, HOUR).atOffset(ZoneOffset.UTC));
                ps.setObject(3, ceil(to, HOUR).atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
    }

    @Override
    public void rollUpSeriesHoursAfterStep(DataSource ds, Instant from, Instant to) {}

    @Override
    public void applyRetention(DataSource ds, StoragePolicy policy, Instant now) throws SQLException {
        if (policy.rawRetention() != null)
            deleteOlder(ds, "telemetry", "signal_id", "time", now.minus(policy.rawRetention()));
        if (policy.minuteRetention() != null)
            deleteOlder(ds, "machine_minute", "machine_id", "bucket", now.minus(policy.minuteRetention()));
    }

    /** Deletes by primary key (key, time) in batches; ctid would not do, it is not unique across partitions or chunks. */
    private static void deleteOlder(DataSource ds, String table, String key, String column, Instant before)
            throws SQLException {
        long total = 0;
        int n;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE (" + key + ", " + column
                        + ") IN (SELECT " + key + ", " + column + " FROM " + table + " WHERE " + column + " < ? LIMIT "
                        + DELETE_BATCH + ")")) {
            ps.setObject(1, before.atOffset(ZoneOffset.UTC));
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == DELETE_BATCH);
        }
        if (total > 0) log.info("retention: deleted {} rows of {} before {}", total, table, before);
    }
}
