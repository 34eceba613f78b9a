package org.tiangong.analytics.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.tiangong.analytics.db.CopyStream;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Sample;

/**
 * Stores batches of samples with the COPY protocol, idempotently.
 *
 * <p>COPY cannot skip rows that already exist, so a batch goes COPY → a session-local staging table →
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING} into {@code telemetry}, in one transaction. A replayed sample
 * (same signal and source time) is therefore stored once. The same transaction moves {@code signal_latest} forward.
 * Thread-safe: each call borrows its own connection from the pool.
 */
public final class TelemetryWriter {

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS telemetry_staging (
                time_us bigint NOT NULL, signal_id integer NOT NULL, value double precision, status integer NOT NULL
            ) ON COMMIT DELETE ROWS""";

    /**
     * Moves the batch into telemetry and returns how many rows were new. A new sample older than its machine's rollup
     * watermark moves the watermark back to it, so that the rollups over that time are rebuilt; doing it in this
     * transaction means RollupJob, which locks the watermark row while it works, can never miss a late sample.
     */
    private static final String MOVE_TO_TELEMETRY = """
            WITH stored AS (
                INSERT INTO telemetry (time, signal_id, value, status)
                SELECT TIMESTAMPTZ 'epoch' + time_us * INTERVAL '1 microsecond', signal_id, value, status
                FROM telemetry_staging
                ON CONFLICT DO NOTHING
                RETURNING signal_id, time),
            late AS (
                UPDATE rollup_watermark w SET rolled_until = x.t
                FROM (SELECT g.machine_id, min(s.time) AS t FROM stored s JOIN signal g ON g.id = s.signal_id
                      GROUP BY g.machine_id) x
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

    private final DataSource dataSource;

    public TelemetryWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the batch; returns how many samples were new (duplicates of stored samples are skipped).
     * Either the whole batch is stored or, on an exception, none of it.
     */
    public int write(List<Sample> samples) throws SQLException {
        if (samples.isEmpty()) return 0;
        return new Jdbc(dataSource).inConnectionTransaction(c -> {
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
        });
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
