package org.tiangong.analytics.bench;

import java.io.OutputStream;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.TimescaleDialect;
import org.tiangong.analytics.rollup.RollupJob;

/**
 * Bytes on disk per stored sample and per machine-minute of rollups (docs/deployment.md): QueryBenchmark's one-second
 * data for {@code machines} × {@code days}, rolled up, then the sizes of the tables and their indexes, and how far the
 * raw rows compress (gzip of a binary COPY ordered by signal and time: an indication of what a column store's
 * compression works with). On TimescaleDB it then compresses every chunk and prints the sizes again: TimescaleDB's
 * own figure. Usage: bench/storage.sh [machines=10] [days=3].
 */
public final class StorageFootprint {

    public static void main(String[] args) throws Exception {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            embedded = EmbeddedPostgresServer.start(null, 0);
            url = embedded.ensureDatabase("footprint");
        }
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 6))) {
            Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant start = end.minus(Duration.ofDays(days));
            List<List<UUID>> lines = new ArrayList<>();
            var ids = QueryBenchmark.topology(db, machines, 10, lines, true);
            long rows = QueryBenchmark.load(db, ids, start, end);
            new RollupJob(db.dataSource(), db.engine(), Clock.fixed(end.plusSeconds(120), ZoneOffset.UTC)).catchUp();
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("VACUUM ANALYZE telemetry");
            jdbc.update("VACUUM ANALYZE machine_minute");
            System.out.printf(
                    "storage %s; %d machines × %d days of one-second data: %,d samples%n",
                    db.engine().description(), machines, days, rows);
            boolean timescale = db.dialect() instanceof TimescaleDialect;
            // a hypertable's parent is empty: its size is the sum of its chunks (hypertable_size)
            String totalOf = timescale ? "hypertable_size('%s')" : "pg_total_relation_size('%s')";
            double perMachineYear = rows / ((double) machines * days * 86_400) * 31_536_000;
            long total = size(jdbc, totalOf.formatted("telemetry"));
            if (!timescale) {
                long heap = size(jdbc, "pg_relation_size('telemetry')");
                System.out.printf(
                        "telemetry: heap %,d B, with indexes %,d B: %.1f B/sample (heap %.1f)%n",
                        heap, total, (double) total / rows, (double) heap / rows);
            } else {
                System.out.printf(
                        "telemetry (hypertable, uncompressed): %,d B with indexes: %.1f B/sample%n",
                        total, (double) total / rows);
            }
            System.out.printf(
                    "  per machine-year (%,.0f samples): %.2f GB%n",
                    perMachineYear, total / (double) rows * perMachineYear / 1e9);
            long minutes = size(jdbc, "(SELECT count(*) FROM machine_minute)");
            long minuteBytes = size(jdbc, totalOf.formatted("machine_minute"));
            System.out.printf(
                    "machine_minute: %,d rows, %,d B: %.1f B/machine-minute, %.1f MB/machine-year%n",
                    minutes,
                    minuteBytes,
                    (double) minuteBytes / minutes,
                    minuteBytes / (double) minutes * 525_600 / 1e6);
            if (timescale) compressAll(jdbc, rows, perMachineYear, minutes);
            long gz = gzippedCopy(db);
            System.out.printf(
                    "raw rows gzip'ed (binary COPY by signal, time): %,d B: %.1f B/sample%n", gz, (double) gz / rows);
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    /**
     * TimescaleDB's own compression (segment by signal, order by time, as {@code TimescaleDialect} sets it up): every
     * chunk compressed now, then the sizes again. In production the policy compresses chunks older than
     * {@code --compress-after-days}; the ratio is the same.
     */
    private static void compressAll(Jdbc jdbc, long rows, double perMachineYear, long minutes) throws Exception {
        long t0 = System.nanoTime();
        for (String table : List.of("telemetry", "machine_minute")) {
            jdbc.list(
                    "SELECT compress_chunk(c, if_not_compressed => true)::text FROM show_chunks(?::regclass) c",
                    rs -> rs.getString(1),
                    table);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = size(jdbc, "hypertable_size('telemetry')");
        long before = size(
                jdbc, "(SELECT sum(before_compression_total_bytes) FROM hypertable_compression_stats('telemetry'))");
        System.out.printf(
                "telemetry compressed (every chunk, %.1f s): %,d B: %.2f B/sample, %.1f× smaller than %,d B; "
                        + "per machine-year %.3f GB%n",
                seconds,
                total,
                (double) total / rows,
                (double) before / total,
                before,
                total / (double) rows * perMachineYear / 1e9);
        long minuteBytes = size(jdbc, "hypertable_size('machine_minute')");
        System.out.printf(
                "machine_minute compressed: %,d B: %.1f B/machine-minute, %.1f MB/machine-year%n",
                minuteBytes, (double) minuteBytes / minutes, minuteBytes / (double) minutes * 525_600 / 1e6);
    }

    private static long size(Jdbc jdbc, String expression) throws Exception {
        return jdbc.one("SELECT " + expression, rs -> rs.getLong(1)).orElseThrow();
    }

    private static long gzippedCopy(Database db) throws Exception {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (Connection c = db.dataSource().getConnection();
                GZIPOutputStream gz = new GZIPOutputStream(counter, 1 << 16)) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "COPY (SELECT signal_id, time, value, status FROM telemetry ORDER BY signal_id, time) "
                                    + "TO STDOUT (FORMAT binary)",
                            gz);
        }
        return count[0];
    }
}
