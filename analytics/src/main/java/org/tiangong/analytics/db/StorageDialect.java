package org.tiangong.analytics.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.model.TimeRange;

/**
 * The engine seam: everything that differs between TimescaleDB ({@link TimescaleDialect}) and plain PostgreSQL
 * ({@link PostgresDialect}), chosen once by {@link #detect} when the {@link Database} opens (and by the V3 migration,
 * which runs inside that open). Nothing outside the two implementations asks which engine it runs on; code above the
 * seam calls these methods and writes SQL both engines understand.
 *
 * <p>The differences, in the order a database meets them:
 * <ol>
 *   <li>the telemetry table (migration V3): a hypertable, or the plain table with its BRIN index;</li>
 *   <li>setup at every start: hypertables, the continuous aggregate and compression, and the policies when given;</li>
 *   <li>bucketing ({@link TimeBucketing}): {@code time_bucket} or {@code date_bin} on the same origin;</li>
 *   <li>the hour rollups ({@code machine_hour}, {@code signal_hour}) after each rollup step: a continuous aggregate
 *       refresh, or a rebuild of the touched hours;</li>
 *   <li>retention: TimescaleDB's policy jobs, or batched deletes run by {@code StorageMaintenance}.</li>
 * </ol>
 */
public sealed interface StorageDialect extends TimeBucketing permits TimescaleDialect, PostgresDialect {

    /** What /health reports, e.g. {@code timescaledb 2.17.2} or {@code postgresql 17.6}. */
    String description();

    /** Migration V3: gives the freshly created {@code telemetry} table the engine's form. */
    void prepareTelemetryTable(Connection c) throws SQLException;

    /**
     * After the migrations, at every start (each step a no-op when already done): the engine's storage for telemetry
     * and rollups, and the compression and retention policies of {@code policy} (null: leave them as they are).
     */
    void setUp(DataSource ds, StoragePolicy policy) throws SQLException;

    /**
     * Part of a rollup step, inside its transaction, after the minutes of {@code span} were replaced in
     * {@code machine_minute}: brings {@code machine_hour} of that machine up to date where the engine can do so there.
     */
    void rollUpHoursInStep(Connection c, UUID machine, TimeRange span) throws SQLException;

    /** After the rollup step of {@code span} committed: the part of the hour rollup that cannot run in a transaction. */
    void rollUpHoursAfterStep(DataSource ds, TimeRange span);

    /**
     * Part of a series rollup step (SeriesRollupJob), inside its transaction, after the minutes of {@code machine}'s
     * signals over [{@code from}, {@code to}) were replaced in {@code signal_minute}: brings {@code signal_hour} up to
     * date where the engine can do so there.
     */
    void rollUpSeriesHoursInStep(Connection c, UUID machine, Instant from, Instant to) throws SQLException;

    /** After that series rollup step committed: the part of the series hour rollup that cannot run in a transaction. */
    void rollUpSeriesHoursAfterStep(DataSource ds, Instant from, Instant to);

    /** Drops raw telemetry and minute rollups older than {@code policy} keeps, as of {@code now}; run hourly. */
    void applyRetention(DataSource ds, StoragePolicy policy, Instant now) throws SQLException;

    /**
     * The dialect of the database {@code c} is connected to: TimescaleDB when the extension is installed in it
     * ({@link Database} tries to install it first), plain PostgreSQL otherwise.
     */
    static StorageDialect detect(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")) {
                if (rs.next()) return new TimescaleDialect(rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                String v = rs.getString(1);
                int space = v.indexOf(' ');
                return new PostgresDialect(space > 0 ? v.substring(0, space) : v);
            }
        }
    }
}
