package org.tiangong.analytics.db;

import static org.tiangong.analytics.db.TimeGrid.HOUR;
import static org.tiangong.analytics.db.TimeGrid.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.TimeRange;

/**
 * TimescaleDB (production). What it adds is applied at every start (each step is a no-op when already in place, so a
 * database first migrated on plain PostgreSQL and given TimescaleDB later gets all of it): hypertables for telemetry
 * and the minute rollups ({@code machine_minute}, {@code signal_minute}), {@code machine_hour} and {@code signal_hour}
 * as continuous aggregates over them with real-time aggregation in place of the plain tables, and the compression and retention policies of the {@link StoragePolicy} when one is given. Retention
 * is then the policy jobs' work, and the rollup job only refreshes the aggregate for the hours it completed.
 */
public final class TimescaleDialect implements StorageDialect {

    private static final Logger log = LoggerFactory.getLogger(TimescaleDialect.class);

    private static final String TELEMETRY_HYPERTABLE = "SELECT create_hypertable('telemetry', 'time', "
            + "chunk_time_interval => INTERVAL '1 day', if_not_exists => true, migrate_data => true)";

    private static final String HOUR_AGGREGATE = """
            CREATE MATERIALIZED VIEW machine_hour WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT machine_id, time_bucket(INTERVAL '1 hour', bucket) AS bucket,
                   sum(running_s) AS running_s, sum(idle_s) AS idle_s, sum(setup_s) AS setup_s, sum(fault_s) AS fault_s,
                   sum(off_s) AS off_s, sum(no_data_s) AS no_data_s, sum(good) AS good, sum(scrap) AS scrap,
                   sum(energy_kwh) AS energy_kwh, sum(energy_running_kwh) AS energy_running_kwh,
                   sum(energy_idle_kwh) AS energy_idle_kwh
            FROM machine_minute GROUP BY machine_id, time_bucket(INTERVAL '1 hour', bucket)
            WITH NO DATA""";

    /**
     * The series hours (V56's {@code signal_hour}) over the series minutes, as {@code machine_hour} over the machine
     * minutes; {@code last} is TimescaleDB's ordered-set aggregate (the newest minute's last value).
     */
    private static final String SERIES_HOUR_AGGREGATE = """
            CREATE MATERIALIZED VIEW signal_hour WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT signal_id, time_bucket(INTERVAL '1 hour', bucket) AS bucket, min(min) AS min, max(max) AS max,
                   sum(sum) AS sum, sum(count)::bigint AS count, max(last_time) AS last_time,
                   last(last_value, last_time) AS last_value
            FROM signal_minute GROUP BY signal_id, time_bucket(INTERVAL '1 hour', bucket)
            WITH NO DATA""";

    /** How far back the aggregates' refresh policies reach at most. */
    private static final Duration REFRESH_REACH = Duration.ofDays(7);

    private final String version;

    TimescaleDialect(String version) {
        this.version = version;
    }

    @Override
    public String description() {
        return "timescaledb " + version;
    }

    @Override
    public String bucketExpression(String column) {
        return "time_bucket(make_interval(secs => ?), " + column + ")";
    }

    /** A hypertable of one-day chunks, made before later migrations add to the table. */
    @Override
    public void prepareTelemetryTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(TELEMETRY_HYPERTABLE);
        }
    }

    @Override
    public void setUp(DataSource ds, StoragePolicy policy) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute(TELEMETRY_HYPERTABLE);
            st.execute("SELECT create_hypertable('machine_minute', 'bucket', chunk_time_interval => INTERVAL '7 days', "
                    + "if_not_exists => true, migrate_data => true)");
            st.execute("SELECT create_hypertable('signal_minute', 'bucket', chunk_time_interval => INTERVAL '7 days', "
                    + "if_not_exists => true, migrate_data => true)");
            hourAggregate(
                    c, "machine_hour", HOUR_AGGREGATE, "machine_minute", machineHourReach(policy), policy != null);
            hourAggregate(c, "signal_hour", SERIES_HOUR_AGGREGATE, "signal_minute", REFRESH_REACH, false);
            enableCompression(c, "telemetry", "signal_id", "time");
            enableCompression(c, "machine_minute", "machine_id", "bucket");
            enableCompression(c, "signal_minute", "signal_id", "bucket");
            if (policy == null) return;
            policy(c, "compression", "telemetry", policy.compressAfter(), "compress_after");
            policy(c, "compression", "machine_minute", policy.compressAfter(), "compress_after");
            policy(c, "compression", "signal_minute", policy.compressAfter(), "compress_after");
            policy(c, "retention", "telemetry", policy.rawRetention(), "drop_after");
            policy(c, "retention", "machine_minute", policy.minuteRetention(), "drop_after");
        }
    }

    /** Nothing in the transaction: {@code machine_hour} is a continuous aggregate over {@code machine_minute}. */
    @Override
    public void rollUpHoursInStep(Connection c, UUID machine, TimeRange span) {}

    /** Materialises the complete hours the step touched (a refresh cannot run inside a transaction). */
    @Override
    public void rollUpHoursAfterStep(DataSource ds, TimeRange span) {
        refresh(ds, "machine_hour", floor(span.start(), HOUR), floor(span.end(), HOUR));
    }

    private static void refresh(DataSource ds, String view, Instant from, Instant to) {
        if (!from.isBefore(to)) return;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("CALL refresh_continuous_aggregate(?::regclass, ?, ?)")) {
            ps.setString(1, view);
            ps.setObject(2, from.atOffset(ZoneOffset.UTC));
            ps.setObject(3, to.atOffset(ZoneOffset.UTC));
            ps.execute();
        } catch (SQLException e) {
            // real-time aggregation still answers above the aggregate's watermark; the refresh policy catches up
            log.warn("refreshing {} for {} to {} failed: {}", view, from, to, e.getMessage());
        }
    }

    /**
     * {@code view} as the continuous aggregate {@code definition} over {@code minutes}, in place of V9's or V56's
     * plain table (whose rows are computed again from the minutes), and its refresh policy reaching back
     * {@code reach}: the rollup jobs refresh what they touch, the policy is the safety net for anything they missed.
     * With {@code replace} an existing policy is replaced (its reach may have changed), else kept.
     */
    private static void hourAggregate(
            Connection c, String view, String definition, String minutes, Duration reach, boolean replace)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!isContinuousAggregate(c, view)) {
                st.execute("DROP TABLE IF EXISTS " + view);
                st.execute(definition);
                st.execute("CALL refresh_continuous_aggregate('" + view + "', NULL, NULL)");
                log.info("{} is now a continuous aggregate over {}", view, minutes);
            }
            if (replace) st.execute("SELECT remove_continuous_aggregate_policy('" + view + "', if_exists => true)");
            st.execute("SELECT add_continuous_aggregate_policy('" + view + "', start_offset => INTERVAL '"
                    + reach.toSeconds() + " seconds', end_offset => INTERVAL '1 hour', "
                    + "schedule_interval => INTERVAL '30 minutes', if_not_exists => true)");
        }
    }

    /**
     * How far back the refresh policy of {@code machine_hour} reaches: 7 days, but never as far as minute retention
     * drops {@code machine_minute} chunks. A refresh over minutes that were dropped empties those hours (seen on
     * 2.28.3: the aggregate lost every hour between the drop horizon and the policy's start), and the hour rollups are
     * kept for ever, on both engines.
     */
    static Duration machineHourReach(StoragePolicy policy) {
        Duration reach = REFRESH_REACH;
        if (policy == null || policy.minuteRetention() == null) return reach;
        Duration belowRetention = policy.minuteRetention().minusHours(1);
        return belowRetention.compareTo(reach) < 0 ? belowRetention : reach;
    }

    /** Nothing in the transaction: {@code signal_hour} is a continuous aggregate over {@code signal_minute}. */
    @Override
    public void rollUpSeriesHoursInStep(Connection c, UUID machine, Instant from, Instant to) {}

    /** Materialises the complete hours the series step touched, as {@link #rollUpHoursAfterStep} does. */
    @Override
    public void rollUpSeriesHoursAfterStep(DataSource ds, Instant from, Instant to) {
        refresh(ds, "signal_hour", floor(from, HOUR), floor(to, HOUR));
    }

    /** Nothing to run: the retention policies set by {@link #setUp} drop old chunks on TimescaleDB's own schedule. */
    @Override
    public void applyRetention(DataSource ds, StoragePolicy policy, Instant now) {}

    private static boolean isContinuousAggregate(Connection c, String view) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_name = ?")) {
            ps.setString(1, view);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void enableCompression(Connection c, String table, String segmentBy, String orderBy)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) return;
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " SET (timescaledb.compress, timescaledb.compress_segmentby = '"
                    + segmentBy + "', timescaledb.compress_orderby = '" + orderBy + "')");
        }
    }

    /** Replaces a table's compression or retention policy with one for {@code after}, or removes it when null. */
    private static void policy(Connection c, String kind, String table, Duration after, String argument)
            throws SQLException {
        try (PreparedStatement remove = c.prepareStatement("SELECT remove_" + kind + "_policy(?, if_exists => true)")) {
            remove.setString(1, table);
            remove.execute();
        }
        if (after == null) return;
        try (PreparedStatement add =
                c.prepareStatement("SELECT add_" + kind + "_policy(?, " + argument + " => ?::interval)")) {
            add.setString(1, table);
            add.setString(2, after.toSeconds() + " seconds");
            add.execute();
        }
    }
}
