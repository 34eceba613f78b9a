package org.tiangong.collector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.collector.mqtt.EmbeddedBroker;

/**
 * County benchmark (not a test): N light plant publishers ({@link LoadPlant}, Sparkplug B NDATA, QoS 1) → HiveMQ CE
 * (own process) → K ingest instances ({@link IngestProcess}, own processes, one shared subscription) → PostgreSQL.
 * Reports samples/s end to end and per instance, the drain time after the publishers stop, and the CPU time of the
 * broker, each ingest instance, the database server and the publishers (this JVM) over the run.
 *
 * <p>Arguments: plants (200), samples per plant per second (50), seconds (60), ingest instances (2), machines per
 * plant (10). Database: embedded PostgreSQL 17 unless {@code TIANGONG_BENCH_DB_URL} is set (CPU of the database then
 * not measured).
 */
public final class CountyBenchmark {

    public static void main(String[] args) throws Exception {
        int plants = arg(args, 0, 200);
        int rate = arg(args, 1, 50);
        int seconds = arg(args, 2, 60);
        int instances = arg(args, 3, 2);
        int machines = arg(args, 4, 10);
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            embedded = EmbeddedPostgresServer.start(null, 0);
            url = embedded.ensureDatabase("county");
        }
        Path dir = Files.createTempDirectory("tiangong-county");
        List<Process> ingest = new ArrayList<>();
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 2));
                EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"))) {
            System.out.printf(
                    "machine: %d cores; storage %s; %d plants × %d machines × 8 signals, %d samples/s per plant "
                            + "(offered %d samples/s), %d s, %d ingest instances%n",
                    Runtime.getRuntime().availableProcessors(),
                    db.engine().description(),
                    plants,
                    machines,
                    rate,
                    plants * rate,
                    seconds,
                    instances);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int i = 1; i <= instances; i++) {
                ingest.add(new ProcessBuilder(
                                java,
                                "-Xmx512m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                IngestProcess.class.getName(),
                                broker.url(),
                                url,
                                "county-ingest-" + i,
                                "county")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("ingest-" + i + ".log").toFile())
                        .start());
            }
            for (int i = 1; i <= instances; i++) {
                Path log = dir.resolve("ingest-" + i + ".log");
                waitFor(Duration.ofSeconds(90), () -> Files.readString(log).contains("subscribed=true"));
            }
            List<LoadPlant> load = new ArrayList<>();
            for (int p = 1; p <= plants; p++) {
                LoadPlant plant = new LoadPlant(
                        String.format("E%03d", p), String.format("P%03d", p), machines, "127.0.0.1", broker.port());
                plant.connect();
                load.add(plant);
            }
            long signals = (long) plants * machines * LoadPlant.SIGNALS.size();
            waitFor(Duration.ofSeconds(120), () -> count(db, "SELECT count(*) FROM signal") >= signals);
            System.out.printf("registered %d signals from the plants' births%n", signals);

            Cpu cpu0 = Cpu.now(broker.handle(), ingest, embedded);
            long start = System.nanoTime();
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
            // each plant publishes once a second, spread over the second
            for (int i = 0; i < load.size(); i++) {
                LoadPlant plant = load.get(i);
                timer.scheduleAtFixedRate(
                        () -> {
                            try {
                                plant.publish(rate);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        (1000L * i) / load.size(),
                        1000,
                        TimeUnit.MILLISECONDS);
            }
            Thread.sleep(seconds * 1000L);
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            long publishedEnd = System.nanoTime();
            load.forEach(LoadPlant::awaitAcks);
            long acked = load.stream().mapToLong(LoadPlant::acked).sum();
            // the drain: until everything acknowledged by the broker is stored, or 5 minutes (then the figures say
            // how much was missing: a broker that cannot hand it out drops beyond its queue limit)
            try {
                waitFor(Duration.ofSeconds(300), () -> count(db, "SELECT count(*) FROM telemetry") >= acked);
            } catch (IllegalStateException e) {
                System.out.printf("NOT DRAINED within 5 minutes after the publishers stopped%n");
            }
            long storedEnd = System.nanoTime();
            Cpu cpu1 = Cpu.now(broker.handle(), ingest, embedded);
            long stored = count(db, "SELECT count(*) FROM telemetry");
            double wall = (storedEnd - start) / 1e9;
            System.out.printf(
                    "published and acknowledged by the broker: %d samples in %.1f s (%.0f samples/s)%n",
                    acked, (publishedEnd - start) / 1e9, acked / ((publishedEnd - start) / 1e9));
            System.out.printf(
                    "stored: %d samples (missing %d); end to end %.0f samples/s; drained %.1f s after the publishers "
                            + "stopped%n",
                    stored, acked - stored, stored / wall, (storedEnd - publishedEnd) / 1e9);
            for (int i = 1; i <= instances; i++) {
                List<String> lines = Files.readAllLines(dir.resolve("ingest-" + i + ".log"));
                String last = lines.stream()
                        .filter(l -> l.startsWith("stats"))
                        .reduce((a, b) -> b)
                        .orElse("?");
                long n = Long.parseLong(last.replaceAll(".*stored=(\\d+).*", "$1"));
                System.out.printf(
                        "ingest %d: %s → %.0f samples/s; CPU %.1f s (%.0f %% of one core)%n",
                        i,
                        last,
                        n / wall,
                        cpu1.ingest(i - 1) - cpu0.ingest(i - 1),
                        pct(cpu1.ingest(i - 1) - cpu0.ingest(i - 1), wall));
            }
            System.out.printf(
                    "CPU over %.1f s: broker %.1f s (%.0f %%), database %.1f s (%.0f %%), publishers %.1f s (%.0f %%)%n",
                    wall,
                    cpu1.broker() - cpu0.broker(),
                    pct(cpu1.broker() - cpu0.broker(), wall),
                    cpu1.database() - cpu0.database(),
                    pct(cpu1.database() - cpu0.database(), wall),
                    cpu1.self() - cpu0.self(),
                    pct(cpu1.self() - cpu0.self(), wall));
            System.out.printf(
                    "duplicates in telemetry: %d; dead letters: %d%n",
                    count(db, "SELECT count(*) - count(DISTINCT (signal_id, time)) FROM telemetry"),
                    count(db, "SELECT count(*) FROM mqtt_dead_letter"));
            load.forEach(LoadPlant::close);
        } finally {
            for (Process p : ingest) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
            if (embedded != null) embedded.close();
        }
    }

    static double pct(double cpuSeconds, double wall) {
        return 100 * cpuSeconds / wall;
    }

    /** CPU seconds so far of the broker, each ingest process, the database server (postmaster and its backends). */
    record Cpu(double broker, List<Double> ingests, double database, double self) {
        double ingest(int i) {
            return ingests.get(i);
        }

        static Cpu now(ProcessHandle broker, List<Process> ingest, EmbeddedPostgresServer pg) {
            return new Cpu(
                    cpu(broker),
                    ingest.stream().map(p -> cpu(p.toHandle())).toList(),
                    pg == null ? 0 : postgres(),
                    cpu(ProcessHandle.current()));
        }

        static double cpu(ProcessHandle h) {
            return h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }

        /** The embedded server's processes: postgres processes that are descendants of this JVM's postmaster. */
        static double postgres() {
            return ProcessHandle.current()
                    .descendants()
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .distinct()
                    .mapToDouble(Cpu::cpu)
                    .sum();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Duration max, Check check) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) throw new IllegalStateException("not reached within " + max);
            Thread.sleep(200);
        }
    }

    static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }
}
