package org.tiangong.analytics.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.tiangong.analytics.db.CopyStream;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Sample;

/**
 * Stores batches of samples with the COPY protocol, idempotently.
 *
 * <p>COPY cannot skip rows that already exist; the primary key {@code (signal_id, time)} of {@code telemetry} refuses
 * them. The writer therefore splits each batch by the high-water mark it knows for each signal ({@link
 * HighWaterSplit}, marks kept in memory and read from {@code signal_latest} the first time a signal is seen): the
 * samples of signals that are all newer than their mark go by binary COPY straight into {@code telemetry}; the rest
 * (replays, late samples from a buffer, the first samples of a signal) go COPY → a session-local staging table →
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}. All in one transaction. The marks are only a prediction: when
 * another writer (another ingest instance, a racing replay) stored one of the "new" rows first, the straight COPY
 * meets the primary key (or a deadlock with that writer) and the whole batch is written again through staging, so a
 * replayed sample is stored once whatever the marks say. Thread-safe: each call borrows its own connection.
 */
public final class TelemetryWriter {

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS telemetry_staging (
                time_us bigint NOT NULL, signal_id integer NOT NULL, value double precision, status integer NOT NULL
            ) ON COMMIT DELETE ROWS""";

    private static final String READ_MARKS = "SELECT signal_id, (extract(epoch FROM time) * 1000000)::bigint "
            + "FROM signal_latest WHERE signal_id = ANY (?) AND isfinite(time)";

    /**
     * Moves the staged rows into telemetry and returns how many were new. A new sample older than its machine's rollup
     * watermark (or its series watermark, of SeriesRollupJob) moves the watermark back to it, so that the rollups over
     * that time are rebuilt; doing it in this transaction means the rollup jobs, which lock the watermark row while
     * they work, can never miss a late sample. Rows go in key order, so that two writers of overlapping replays wait
     * for each other instead of deadlocking.
     */
    private static final String MOVE_TO_TELEMETRY = """
            WITH stored AS (
                INSERT INTO telemetry (time, signal_id, value, status)
                SELECT TIMESTAMPTZ 'epoch' + time_us * INTERVAL '1 microsecond', signal_id, value, status
                FROM telemetry_staging ORDER BY signal_id, time_us
                ON CONFLICT DO NOTHING
                RETURNING signal_id, time),
            x AS (
                SELECT g.machine_id, min(s.time) AS t FROM stored s JOIN signal g ON g.id = s.signal_id
                GROUP BY g.machine_id),
            late AS (
                UPDATE rollup_watermark w SET rolled_until = x.t FROM x
                WHERE w.machine_id = x.machine_id AND x.t < w.rolled_until),
            late_series AS (
                UPDATE series_watermark w SET rolled_until = x.t FROM x
                WHERE w.machine_id = x.machine_id AND x.t < w.rolled_until)
            SELECT count(*) FROM stored""";

    private static final String ADVANCE_LATEST = """
            INSERT INTO signal_latest (signal_id, time, value, status)
            SELECT DISTINCT ON (s.signal_id) s.signal_id, TIMESTAMPTZ 'epoch' + s.time_us * INTERVAL '1 microsecond',
                   s.value, s.status
            FROM telemetry_staging s JOIN signal g ON g.id = s.signal_id
            ORDER BY s.signal_id, s.time_us DESC
            ON CONFLICT (signal_id) DO UPDATE SET time = EXCLUDED.time, value = EXCLUDED.value, status = EXCLUDED.status
            WHERE EXCLUDED.time > signal_latest.time""";

    /**
     * After the straight COPY, per fresh signal (first and last sample of the batch): {@code signal_latest} moves to the
     * last sample (a fresh signal has its row: its mark was read from there, or it was written before), and a first
     * sample older than its machine's rollup or series watermark (minutes rolled up while the signal was silent)
     * moves that watermark back.
     */
    private static final String AFTER_STRAIGHT_COPY = """
            WITH u AS (
                SELECT u.sig, TIMESTAMPTZ 'epoch' + u.first_us * INTERVAL '1 microsecond' AS first_t,
                       TIMESTAMPTZ 'epoch' + u.last_us * INTERVAL '1 microsecond' AS last_t, u.v, u.s, g.machine_id
                FROM unnest(?::int[], ?::bigint[], ?::bigint[], ?::float8[], ?::int[]) AS u(sig, first_us, last_us, v, s)
                JOIN signal g ON g.id = u.sig),
            latest AS (
                UPDATE signal_latest l SET time = u.last_t, value = u.v, status = u.s
                FROM u WHERE l.signal_id = u.sig AND l.time < u.last_t),
            x AS (SELECT machine_id, min(first_t) AS t FROM u GROUP BY 1),
            series AS (
                UPDATE series_watermark w SET rolled_until = x.t FROM x
                WHERE w.machine_id = x.machine_id AND x.t < w.rolled_until)
            UPDATE rollup_watermark w SET rolled_until = x.t FROM x
            WHERE w.machine_id = x.machine_id AND x.t < w.rolled_until""";

    private static final Set<String> RETRY_THROUGH_STAGING = Set.of("23505", "40P01"); // unique violation, deadlock

    private static final Comparator<Sample> KEY_ORDER =
            Comparator.comparingInt(Sample::signalId).thenComparingLong(Sample::timeMicros);

    private final DataSource dataSource;
    /** Newest stored time (epoch µs) per signal as far as this writer knows; one entry per signal written. */
    private final Map<Integer, Long> marks = new ConcurrentHashMap<>();

    public TelemetryWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the batch; returns how many samples were new (duplicates of stored samples are skipped).
     * Either the whole batch is stored or, on an exception, none of it.
     */
    public int write(List<Sample> samples) throws SQLException {
        if (samples.isEmpty()) return 0;
        int stored;
        try {
            stored = new Jdbc(dataSource).inConnectionTransaction(c -> writeSplit(c, samples));
        } catch (SQLException e) {
            if (!RETRY_THROUGH_STAGING.contains(e.getSQLState())) throw e;
            stored = writeThroughStaging(samples);
        }
        remember(samples);
        return stored;
    }

    /**
     * Stores the whole batch through the staging table, as every batch went before the high-water split; the
     * fallback of {@link #write} and the ingest benchmark's point of comparison.
     */
    public int writeThroughStaging(List<Sample> samples) throws SQLException {
        if (samples.isEmpty()) return 0;
        return new Jdbc(dataSource).inConnectionTransaction(c -> stage(c, samples));
    }

    /**
     * Binary COPY straight into {@code telemetry} with nothing else (no deduplication, no {@code signal_latest}, no
     * watermark). Only for the ingest benchmark, to show what the primary key alone costs against a plain COPY.
     */
    public long copyStraight(List<Sample> samples) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return BinaryTelemetryCopy.copy(c, samples);
        }
    }

    private int writeSplit(Connection c, List<Sample> samples) throws SQLException {
        loadMissingMarks(c, samples);
        HighWaterSplit split = HighWaterSplit.of(samples, marks);
        int stored = 0;
        if (!split.fresh().isEmpty()) {
            // in key order, each row lands next to the one before in the primary key's leaf pages
            List<Sample> inKeyOrder = new ArrayList<>(split.fresh());
            inKeyOrder.sort(KEY_ORDER);
            stored += (int) BinaryTelemetryCopy.copy(c, inKeyOrder);
            afterStraightCopy(c, split);
        }
        if (!split.late().isEmpty()) stored += stage(c, split.late());
        return stored;
    }

    private void loadMissingMarks(Connection c, List<Sample> samples) throws SQLException {
        Integer[] missing = samples.stream()
                .map(Sample::signalId)
                .distinct()
                .filter(id -> !marks.containsKey(id))
                .toArray(Integer[]::new);
        if (missing.length == 0) return;
        try (PreparedStatement ps = c.prepareStatement(READ_MARKS)) {
            ps.setArray(1, c.createArrayOf("int4", missing));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) marks.merge(rs.getInt(1), rs.getLong(2), Math::max);
            }
        }
    }

    /** After a committed batch every sample of it is stored, whichever way it went. */
    private void remember(List<Sample> samples) {
        for (Sample s : samples) marks.merge(s.signalId(), s.timeMicros(), Math::max);
    }

    private static void afterStraightCopy(Connection c, HighWaterSplit split) throws SQLException {
        List<Sample> heads = split.freshHeads();
        List<Sample> tails = split.freshTails();
        try (PreparedStatement ps = c.prepareStatement(AFTER_STRAIGHT_COPY)) {
            ps.setArray(
                    1,
                    c.createArrayOf("int4", tails.stream().map(Sample::signalId).toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "int8", heads.stream().map(Sample::timeMicros).toArray()));
            ps.setArray(
                    3,
                    c.createArrayOf(
                            "int8", tails.stream().map(Sample::timeMicros).toArray()));
            ps.setArray(
                    4,
                    c.createArrayOf("float8", tails.stream().map(Sample::value).toArray()));
            ps.setArray(
                    5,
                    c.createArrayOf("int4", tails.stream().map(Sample::status).toArray()));
            ps.executeUpdate();
        }
    }

    private static int stage(Connection c, List<Sample> samples) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CREATE_STAGING);
            copy(c, "COPY telemetry_staging (time_us, signal_id, value, status) FROM STDIN", samples);
            int stored;
            try (var rs = st.executeQuery(MOVE_TO_TELEMETRY)) {
                rs.next();
                stored = rs.getInt(1);
            }
            st.executeUpdate(ADVANCE_LATEST);
            return stored;
        }
    }

    /**
     * Plain COPY straight into {@code table} (columns time_us, signal_id, value, status), no deduplication.
     * Only for the ingest benchmark, to show what COPY alone reaches on the same rows.
     */
    public void copyPlain(String table, List<Sample> samples) throws SQLException {
        if (!table.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("bad table name " + table);
        try (Connection c = dataSource.getConnection()) {
            copy(c, "COPY " + table + " (time_us, signal_id, value, status) FROM STDIN", samples);
        }
    }

    private static void copy(Connection c, String sql, List<Sample> samples) throws SQLException {
        try (CopyStream out = CopyStream.open(c, sql)) {
            for (Sample s : samples) {
                out.row()
                        .append(s.timeMicros())
                        .append('\t')
                        .append(s.signalId())
                        .append('\t')
                        .append(s.value())
                        .append('\t')
                        .append(s.status())
                        .append('\n');
                out.rowDone();
            }
            out.finish();
        }
    }
}
