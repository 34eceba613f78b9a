package org.tiangong.collector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.ProcessParameters;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Ingest benchmark (not a test): a simulator with many fast-changing signals → the collector → the database,
 * then, on the very rows it stored, what plain COPY and the idempotent write path reach when fed directly.
 *
 * <p>Arguments: machines (default 300), tick millis (default 100), seconds (default 30). Database: embedded
 * PostgreSQL 17, or {@code TIANGONG_BENCH_DB_URL} (a database it may create tables in; it is not cleaned up).
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long tick = args.length > 1 ? Long.parseLong(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            embedded = EmbeddedPostgresServer.start(null, 0);
            url = embedded.ensureDatabase("bench");
        }
        Path certs = Files.createTempDirectory("tiangong-bench-pki");
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 4));
                PlantSimulator sim = new PlantSimulator(
                        plant(machines, tick), SimulatorOptions.forTests(certs).withPublishedCapacity(1))) {
            System.out.printf(
                    "machine: %d cores, %d MiB max heap; storage %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    db.engine().description());
            sim.start();
            CollectorConfig config =
                    SimulatorCollectorConfig.forSimulator(sim, 0, new CollectorConfig.Writer(5000, 500L, 200_000));
            int signals = config.endpoints().get(0).machines().stream()
                    .mapToInt(m -> m.signals().size())
                    .sum();
            System.out.printf(
                    "simulator: %d machines, %d signals, tick %d ms, run %d s%n", machines, signals, tick, seconds);

            try (Collector collector = Collector.start(config, db)) {
                Thread.sleep(5000); // warm-up: connect, subscribe, JIT
                long rows0 = count(db);
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                int maxDepth = 0;
                long maxBuffered = 0;
                for (int i = 0; i < seconds * 10; i++) {
                    Thread.sleep(100);
                    maxDepth = Math.max(maxDepth, collector.queue().depth());
                    maxBuffered = Math.max(maxBuffered, collector.buffer().depth());
                }
                long rows1 = count(db);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double cpuCores = (processCpuNanos() - cpu0) / 1e9 / elapsed;
                double rate = (rows1 - rows0) / elapsed;
                System.out.printf(
                        "  this JVM (simulator + collector; the database is another process): %.2f cores busy, "
                                + "%.3f cores per 1 000 samples/s, RSS %d MiB, heap used %d MiB%n",
                        cpuCores,
                        cpuCores / (rate / 1000),
                        rssMiB(),
                        (Runtime.getRuntime().totalMemory()
                                        - Runtime.getRuntime().freeMemory())
                                >> 20);
                System.out.printf(
                        "end-to-end: %.0f samples/s stored (%d rows in %.1f s), max queue depth %d, max buffer depth %d, "
                                + "listener wait %d ms, last batch %d ms%n",
                        (rows1 - rows0) / elapsed,
                        rows1 - rows0,
                        elapsed,
                        maxDepth,
                        maxBuffered,
                        collector.queue().blockedMillis(),
                        collector.writerStats().lastBatchMillis());
                System.out.printf(
                        "  collector counters: %s%n  %s%n",
                        collector.writerStats(), collector.endpointStats().get(0));
            }

            List<Sample> rows = load(db);
            System.out.printf("writer alone, on the same %d rows (batches of 5000):%n", rows.size());
            TelemetryWriter writer = new TelemetryWriter(db.dataSource());
            exec(
                    db,
                    "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (time_us bigint, signal_id int, value double precision, status int)");
            long c0 = System.nanoTime();
            for (List<Sample> b : batches(rows)) writer.copyPlain("bench_copy", b);
            double copyS = (System.nanoTime() - c0) / 1e9;
            System.out.printf("  plain COPY:                      %,.0f samples/s%n", rows.size() / copyS);

            exec(db, "TRUNCATE telemetry");
            long k0 = System.nanoTime();
            for (List<Sample> b : batches(rows)) writer.copyStraight(b);
            double straightS = (System.nanoTime() - k0) / 1e9;
            System.out.printf(
                    "  binary COPY straight into telemetry (primary key, no dedup, no latest): %,.0f samples/s%n",
                    rows.size() / straightS);

            exec(db, "TRUNCATE telemetry; DELETE FROM signal_latest");
            long s0 = System.nanoTime();
            long staged = 0;
            for (List<Sample> b : batches(rows)) staged += writer.writeThroughStaging(b);
            double stagedS = (System.nanoTime() - s0) / 1e9;
            System.out.printf(
                    "  before: every row COPY→staging→INSERT ON CONFLICT: %,.0f samples/s (%d stored)%n",
                    rows.size() / stagedS, staged);

            exec(db, "TRUNCATE telemetry; DELETE FROM signal_latest");
            writer = new TelemetryWriter(db.dataSource()); // forgets the marks it learnt
            long w0 = System.nanoTime();
            long stored = 0;
            for (List<Sample> b : batches(rows)) stored += writer.write(b);
            double writeS = (System.nanoTime() - w0) / 1e9;
            System.out.printf(
                    "  after: idempotent write (binary COPY above each signal's mark, staging for the rest): "
                            + "%,.0f samples/s (%d stored)%n",
                    rows.size() / writeS, stored);

            long r0 = System.nanoTime();
            long again = 0;
            for (List<Sample> b : batches(rows)) again += writer.write(b);
            double replayS = (System.nanoTime() - r0) / 1e9;
            System.out.printf(
                    "  replay of the same rows (all duplicates): %,.0f samples/s (%d stored)%n",
                    rows.size() / replayS, again);
            System.out.printf("  straight ÷ plain COPY: %.2f%n", copyS / straightS);
            System.out.printf("  before ÷ plain COPY: %.2f%n", copyS / stagedS);
            System.out.printf("  idempotent ÷ plain COPY: %.2f%n", copyS / writeS);
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    static PlantDefinition plant(int machines, long tick) {
        MachineKind[] kinds = MachineKind.values();
        List<MachineDefinition> list = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            MachineKind k = kinds[i % kinds.length];
            MachineDefinition m = MachineDefinition.withDefaults(String.format("M-%04d", i), "bench " + i, k);
            // always running, a part every second or two: counters, cycle times, process values and meters all move
            list.add(new MachineDefinition(
                    m.code(),
                    m.name(),
                    k,
                    "BENCH",
                    new ProcessParameters(
                            1 + (i % 3) * 0.5,
                            100_000,
                            1,
                            0.02,
                            m.process().cycleJitter(),
                            m.process().performance(),
                            m.process().ratedPowerKw(),
                            m.process().nominalProcessValue(),
                            100_000,
                            0.01,
                            100_000,
                            0.1,
                            0,
                            0.1,
                            m.process().coolDownMinutes())));
        }
        return new PlantDefinition(
                new PlantDefinition.EnterpriseInfo("BENCH", "Benchmark"),
                new PlantDefinition.PlantInfo("P1", "Bench plant", "Asia/Shanghai"),
                new PlantDefinition.SimulationSettings(1, tick),
                List.of(new PlantDefinition.LineDefinition("L1", "Bench line", list)));
    }

    static List<List<Sample>> batches(List<Sample> rows) {
        List<List<Sample>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 5000) out.add(rows.subList(i, Math.min(rows.size(), i + 5000)));
        return out;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        return -1;
    }

    static long count(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Sample> load(Database db) throws Exception {
        List<Sample> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT signal_id, (extract(epoch FROM time) * 1000000)::bigint, value, status FROM telemetry ORDER BY time")) {
            while (rs.next()) out.add(new Sample(rs.getInt(1), rs.getLong(2), rs.getDouble(3), rs.getInt(4)));
        }
        return out;
    }

    static void exec(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
