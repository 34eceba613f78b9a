package org.tiangong.analytics.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.rollup.RawSums;
import org.tiangong.analytics.rollup.RollupJob;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * Query benchmark (not a test): {@code days} of one-second data for {@code machines} machines (the state signal
 * sampled every second, part counters at every part, the energy meter every minute), written through
 * {@link TelemetryWriter} and rolled up by {@link RollupJob}; then the 30-day line OEE by shift and the line's Andon
 * board, each from rollups and from raw data, with p50/p95 latencies and the raw ÷ rollup ratio.
 *
 * <p>Arguments: machines (default 50), days (default 30), machines per line (default 10), timed runs of the raw
 * queries (default 3; the rollup queries run 30 times). Database: embedded
 * PostgreSQL 17 (in {@code TIANGONG_BENCH_DATA_DIR} when set, kept between runs), or {@code TIANGONG_BENCH_DB_URL}
 * (a database it may fill; nothing is cleaned up). A database that already holds the benchmark plant is measured
 * again without loading: the clock is then the end of its data.
 */
public final class QueryBenchmark {

    static final int ROLLUP_RUNS = 30;

    public static void main(String[] args) throws Exception {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int perLine = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rawRuns = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            String dir = System.getenv("TIANGONG_BENCH_DATA_DIR");
            embedded = EmbeddedPostgresServer.start(dir == null ? null : java.nio.file.Path.of(dir), 0);
            url = embedded.ensureDatabase("bench");
        }
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 6))) {
            System.out.printf(
                    "machine: %d cores, %d MiB max heap; storage %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    db.engine().description());
            Jdbc jdbc = new Jdbc(db.dataSource());
            Instant loadedUntil = jdbc.one("SELECT max(time) AS t FROM signal_latest", rs -> Jdbc.instant(rs, "t"))
                    .orElse(null);
            boolean loaded = loadedUntil != null;
            Instant end = loaded
                    ? loadedUntil.plusSeconds(1)
                    : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Instant start = end.minus(Duration.ofDays(days));
            Clock clock = Clock.fixed(end.plusSeconds(30), ZoneOffset.UTC);

            List<List<UUID>> lines = new ArrayList<>();
            Map<UUID, Map<CanonicalSignal, Integer>> ids = topology(db, machines, perLine, lines, !loaded);
            if (!loaded) {
                long t0 = System.nanoTime();
                long rows = load(db, ids, start, end);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "loaded %,d samples (%d machines × %d days) through TelemetryWriter in %.0f s: %,.0f samples/s%n",
                        rows, machines, days, loadSeconds, rows / loadSeconds);
                t0 = System.nanoTime();
                long minutes = new RollupJob(db.dataSource(), db.engine(), clock).catchUp();
                double rollupSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "rolled up %,d machine-minutes in %.0f s (%,.0f raw samples/s)%n",
                        minutes, rollupSeconds, rows / rollupSeconds);
            } else {
                System.out.printf("data already loaded, up to %s; measuring only%n", loadedUntil);
            }
            sizes(db);

            OeeService rollups = new OeeService(db.dataSource(), clock);
            OeeService raw = new OeeService(db.dataSource(), clock, new RawSums(db.dataSource()));
            List<UUID> line = lines.get(0);
            Instant from = start.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            Instant to = clock.instant();
            OeeReport a = rollups.groupOee(line, from, to, Granularity.SHIFT);
            OeeReport b = rawRuns > 0 ? raw.groupOee(line, from, to, Granularity.SHIFT) : a;
            System.out.printf(
                    "line OEE %s → %s, %d shifts: rollups %.6f, raw %.6f (run %.3f s vs %.3f s)%n",
                    from,
                    to,
                    a.buckets().size(),
                    a.total().oee(),
                    b.total().oee(),
                    a.total().runSeconds(),
                    b.total().runSeconds());

            double[] oeeRollup = time(ROLLUP_RUNS, () -> rollups.groupOee(line, from, to, Granularity.SHIFT));
            double[] oeeRaw = rawRuns > 0
                    ? time(rawRuns, () -> raw.groupOee(line, from, to, Granularity.SHIFT))
                    : new double[] {Double.NaN};
            double[] andonRollup = time(
                    ROLLUP_RUNS,
                    () -> new org.tiangong.analytics.andon.AndonBoard(db.dataSource(), clock, rollups)
                            .statuses(line, Duration.ofSeconds(60)));
            double[] andonRaw = rawRuns > 0
                    ? time(
                            rawRuns * 3,
                            () -> new org.tiangong.analytics.andon.AndonBoard(db.dataSource(), clock, raw)
                                    .statuses(line, Duration.ofSeconds(60)))
                    : new double[] {Double.NaN};
            System.out.printf("%-44s %10s %10s%n", "query (" + line.size() + " machines)", "p50 ms", "p95 ms");
            report("line OEE by shift, " + (days - 1) + " days, rollups", oeeRollup);
            report("line OEE by shift, " + (days - 1) + " days, raw", oeeRaw);
            report("Andon board, rollups", andonRollup);
            report("Andon board, raw", andonRaw);
            System.out.printf(
                    "raw ÷ rollup (p50): line OEE %.0f×, Andon %.1f×%n",
                    pct(oeeRaw, 50) / pct(oeeRollup, 50), pct(andonRaw, 50) / pct(andonRollup, 50));
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    static Map<UUID, Map<CanonicalSignal, Integer>> topology(
            Database db, int machines, int perLine, List<List<UUID>> lines, boolean newCalendar) throws Exception {
        List<TopologySpec.LineSpec> specs = new ArrayList<>();
        for (int l = 0; l * perLine < machines; l++) {
            List<TopologySpec.MachineSpec> ms = new ArrayList<>();
            for (int k = l * perLine; k < Math.min(machines, (l + 1) * perLine); k++) {
                ms.add(new TopologySpec.MachineSpec(
                        String.format("M%03d", k), "机器 " + k, MachineKind.CNC, "VMC", 30.0));
            }
            specs.add(new TopologySpec.LineSpec(String.format("L%02d", l), "线 " + l, ms));
        }
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID enterprise = registry.importTopology(new TopologySpec(
                "BENCH", "基准企业", List.of(new TopologySpec.PlantSpec("P1", "基准工厂", "Asia/Shanghai", specs))));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID plant = dir.plants(enterprise).get(0).id();
        CalendarStore calendars = new CalendarStore(db.dataSource());
        if (newCalendar)
            calendars.setShifts(
                    plant,
                    List.of(
                            new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0)),
                            new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT),
                            new ShiftPattern("夜班 night", LocalTime.MIDNIGHT, LocalTime.of(8, 0))));
        if (newCalendar) calendars.addBreak(plant, LocalTime.of(11, 30), LocalTime.of(12, 0), "午休 lunch");
        Map<UUID, Map<CanonicalSignal, Integer>> ids = new java.util.LinkedHashMap<>();
        for (var line : dir.lines(plant)) {
            List<UUID> lineMachines = new ArrayList<>();
            for (var m : dir.machines(line.id())) {
                Map<CanonicalSignal, String> nodes = new EnumMap<>(CanonicalSignal.class);
                for (CanonicalSignal s : List.of(
                        CanonicalSignal.STATE,
                        CanonicalSignal.PARTS_GOOD,
                        CanonicalSignal.PARTS_SCRAP,
                        CanonicalSignal.ENERGY)) {
                    nodes.put(s, s.key());
                }
                ids.put(
                        m.id(),
                        registry.registerSignals(
                                new MachinePath("BENCH", "P1", line.code(), m.code()), MachineKind.CNC, nodes));
                lineMachines.add(m.id());
            }
            lines.add(lineMachines);
        }
        return ids;
    }

    /** Day by day, machines split over two writer threads. */
    static long load(Database db, Map<UUID, Map<CanonicalSignal, Integer>> ids, Instant start, Instant end)
            throws Exception {
        List<Map<CanonicalSignal, Integer>> all = new ArrayList<>(ids.values());
        List<MachineGenerator> generators = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) generators.add(new MachineGenerator(all.get(k), new Random(1000L + k)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long total = 0;
        try {
            for (Instant day = start; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
                Instant dayEnd = day.plus(Duration.ofDays(1)).isAfter(end) ? end : day.plus(Duration.ofDays(1));
                List<Future<Long>> parts = new ArrayList<>();
                for (int half = 0; half < 2; half++) {
                    int h = half;
                    Instant from = day;
                    parts.add(pool.submit(() -> {
                        TelemetryWriter writer = new TelemetryWriter(db.dataSource());
                        long n = 0;
                        List<Sample> batch = new ArrayList<>(50_100);
                        for (int k = h; k < generators.size(); k += 2) {
                            MachineGenerator g = generators.get(k);
                            for (long s = from.getEpochSecond(); s < dayEnd.getEpochSecond(); s++) {
                                g.second(s, batch);
                                if (batch.size() >= 50_000) {
                                    writer.write(batch);
                                    n += batch.size();
                                    batch.clear();
                                }
                            }
                        }
                        writer.write(batch);
                        return n + batch.size();
                    }));
                }
                for (Future<Long> f : parts) total += f.get();
                System.out.printf("  %s written (%,d samples so far)%n", day, total);
            }
        } finally {
            pool.shutdown();
        }
        return total;
    }

    /** A CNC: mostly running, with idle stops, setups and faults; a part every ~30 s while running. */
    static final class MachineGenerator {
        final Map<CanonicalSignal, Integer> ids;
        final Random random;
        int state = 2;
        long stateLeft = 600;
        long good = 0, scrap = 0;
        double cycleLeft = 30, energy = 0;

        MachineGenerator(Map<CanonicalSignal, Integer> ids, Random random) {
            this.ids = ids;
            this.random = random;
        }

        void second(long epochSecond, List<Sample> out) {
            if (--stateLeft <= 0) {
                double p = random.nextDouble();
                if (state != 2) {
                    state = 2;
                    stateLeft = (long) (-Math.log(1 - random.nextDouble()) * 2400) + 1;
                } else {
                    state = p < 0.6 ? 1 : (p < 0.85 ? 3 : 4);
                    stateLeft = (long) (-Math.log(1 - random.nextDouble()) * (state == 4 ? 1200 : 300)) + 1;
                }
            }
            Instant t = Instant.ofEpochSecond(epochSecond);
            out.add(Sample.of(ids.get(CanonicalSignal.STATE), t, state, 0));
            energy += (state == 2 ? 11.0 : 2.5) / 3600;
            if (state == 2 && (cycleLeft -= 1) <= 0) {
                cycleLeft = 30 + 6 * random.nextDouble();
                if (random.nextDouble() < 0.02) {
                    scrap++;
                    out.add(Sample.of(ids.get(CanonicalSignal.PARTS_SCRAP), t, scrap, 0));
                } else {
                    good++;
                    out.add(Sample.of(ids.get(CanonicalSignal.PARTS_GOOD), t, good, 0));
                }
            }
            if (epochSecond % 60 == 0) out.add(Sample.of(ids.get(CanonicalSignal.ENERGY), t, energy, 0));
        }
    }

    static void sizes(Database db) throws Exception {
        Jdbc jdbc = new Jdbc(db.dataSource());
        for (String table : List.of("telemetry", "machine_minute")) {
            String size = jdbc.one(
                            "SELECT pg_size_pretty("
                                    + (db.dialect() instanceof org.tiangong.analytics.db.TimescaleDialect
                                            ? "hypertable_size('" + table + "')"
                                            : "pg_total_relation_size('" + table + "')")
                                    + ")",
                            rs -> rs.getString(1))
                    .orElse("?");
            System.out.printf("  %s: %s%n", table, size);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double[] time(int runs, Work w) throws Exception {
        w.run(); // warm-up
        double[] ms = new double[runs];
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            w.run();
            ms[k] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void report(String what, double[] ms) {
        System.out.printf("%-44s %10.1f %10.1f%n", what, pct(ms, 50), pct(ms, 95));
    }
}
