package org.tiangong.analytics.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.SeriesBucket;
import org.tiangong.analytics.telemetry.SeriesRollupJob;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * Series benchmark (not a test): DAYS of one-second data of one power signal written through TelemetryWriter, the
 * series rollups caught up, then the whole span as a trend (bucket 1 h, and 1 d) from rollups (30 runs) and from raw
 * data (RAW runs), p50/p95 and raw ÷ rollup. Arguments: days (default 90), rawRuns (default 2). Database: embedded
 * PostgreSQL 17, or {@code TIANGONG_BENCH_DB_URL}.
 */
public final class SeriesBenchmark {

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        int rawRuns = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            embedded = EmbeddedPostgresServer.start(null, 0);
            url = embedded.ensureDatabase("bench");
        }
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(days));
        Clock clock = Clock.fixed(end.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 4))) {
            int power = new TopologyRegistry(db.dataSource())
                    .registerSignals(MachinePath.parse("SB/P/L/M"), MachineKind.CNC, Map.of(CanonicalSignal.POWER, "p"))
                    .get(CanonicalSignal.POWER);
            TelemetryWriter writer = new TelemetryWriter(db.dataSource());
            long w0 = System.nanoTime();
            List<Sample> batch = new ArrayList<>(50_000);
            long n = 0;
            for (Instant t = start; t.isBefore(end); t = t.plusSeconds(1)) {
                long s = t.getEpochSecond();
                batch.add(Sample.of(power, t, 30 + 20 * Math.sin(s / 3600.0) + (s % 17) * 0.1, 0));
                if (batch.size() == 50_000) {
                    writer.write(batch);
                    n += batch.size();
                    batch.clear();
                }
            }
            writer.write(batch);
            n += batch.size();
            double writeS = (System.nanoTime() - w0) / 1e9;
            System.out.printf(
                    "storage %s; wrote %,d samples (%d days at 1 s) in %.0f s: %,.0f samples/s%n",
                    db.engine().description(), n, days, writeS, n / writeS);
            SeriesRollupJob job = new SeriesRollupJob(
                    db.dataSource(), db.dialect(), clock, Duration.ofMinutes(2), Duration.ofDays(1));
            long r0 = System.nanoTime();
            long minutes = job.catchUp();
            System.out.printf("series rollup: %,d signal-minutes in %.0f s%n", minutes, (System.nanoTime() - r0) / 1e9);
            TelemetryQueries q = new TelemetryQueries(db.dataSource(), db.bucketing(), clock);
            for (Duration bucket : List.of(Duration.ofHours(1), Duration.ofDays(1))) {
                List<SeriesBucket> raw = null, rolled = null;
                List<Double> rollupMs = new ArrayList<>(), rawMs = new ArrayList<>();
                rolled = q.series(power, start, end, bucket); // warm-up
                for (int i = 0; i < 30; i++) {
                    long t0 = System.nanoTime();
                    rolled = q.series(power, start, end, bucket);
                    rollupMs.add((System.nanoTime() - t0) / 1e6);
                }
                for (int i = 0; i < rawRuns; i++) {
                    long t0 = System.nanoTime();
                    raw = q.rawSeries(power, start, end, bucket);
                    rawMs.add((System.nanoTime() - t0) / 1e6);
                }
                boolean same = raw != null && raw.size() == rolled.size();
                for (int i = 0; same && i < raw.size(); i++)
                    same = raw.get(i).count() == rolled.get(i).count()
                            && raw.get(i).max() == rolled.get(i).max()
                            && raw.get(i).last() == rolled.get(i).last();
                System.out.printf(
                        "%d days by %s (%d points): rollups p50 %.1f ms p95 %.1f ms; raw p50 %.0f ms; raw ÷ rollup %.0f×; same answer: %s%n",
                        days,
                        bucket,
                        rolled.size(),
                        pct(rollupMs, 0.5),
                        pct(rollupMs, 0.95),
                        pct(rawMs, 0.5),
                        pct(rawMs, 0.5) / pct(rollupMs, 0.5),
                        same);
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    static double pct(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1)));
    }
}
