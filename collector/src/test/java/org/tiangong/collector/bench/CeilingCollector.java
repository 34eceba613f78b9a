package org.tiangong.collector.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;

/**
 * The real {@link Collector} in its own JVM, subscribed to every node of a {@link LoadPublisher} and writing through
 * its normal queue → buffer file → forwarder → {@code TelemetryWriter} path into a given database. Prints one line a
 * second: received notifications, rows in the buffer, rows stored by the forwarder, queue depth, data lost, heap.
 *
 * <p>Arguments: endpoint URL, items, JDBC URL, optionally writer.batchSize (default: the collector's, 5 000);
 * password in {@code TIANGONG_DB_PASSWORD}.
 */
public final class CeilingCollector {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int items = Integer.parseInt(args[1]);
        List<CollectorConfig.Machine> machines = new ArrayList<>();
        for (int m = 0; m < LoadNodes.machines(items); m++) {
            var nodes = LoadNodes.nodesOf(m);
            if ((m + 1) * LoadNodes.SIGNALS.size() > items) {
                var trimmed = new java.util.LinkedHashMap<String, String>();
                nodes.entrySet().stream()
                        .limit(items - m * LoadNodes.SIGNALS.size())
                        .forEach(e -> trimmed.put(e.getKey(), e.getValue()));
                nodes = trimmed;
            }
            machines.add(CollectorConfig.Machine.ofNodes("BENCH/P1/L1/" + LoadNodes.machineCode(m), "cnc", nodes));
        }
        // the collector's defaults for the writer and the buffer, except the buffer's place (a fresh temporary file)
        CollectorConfig config = new CollectorConfig(
                        args.length > 3
                                ? new CollectorConfig.Writer(
                                        Integer.parseInt(args[3]), null, Math.max(200_000, Integer.parseInt(args[3])))
                                : CollectorConfig.Writer.defaults(),
                        CollectorConfig.Buffer.defaults()
                                .withPath(Files.createTempDirectory("tiangong-ceiling-")
                                        .resolve("buffer.db")),
                        CollectorConfig.Metrics.disabled(),
                        null,
                        List.of(new CollectorConfig.Endpoint("load", url, 100.0, 0.0, 100, machines)))
                .validated("(generated for the load publisher)");
        try (Database db = Database.open(new DbSettings(args[2], null, System.getenv("TIANGONG_DB_PASSWORD"), 4));
                Collector collector = Collector.start(config, db)) {
            System.out.printf(
                    "collector: pid %d, %d items, %d MiB max heap, writer %s, buffer %s%n",
                    ProcessHandle.current().pid(),
                    items,
                    Runtime.getRuntime().maxMemory() >> 20,
                    config.writer(),
                    config.buffer());
            System.out.flush();
            while (true) {
                Thread.sleep(1000);
                var e = collector.endpointStats().get(0);
                var f = collector.forwarderStats();
                Runtime rt = Runtime.getRuntime();
                System.out.printf(
                        "stat %d received %d buffered %d stored %d queue %d lost %d connected %s heap %d%n",
                        System.currentTimeMillis(),
                        e.received(),
                        collector.buffer().depth(),
                        f.stored() + f.duplicates(),
                        collector.queue().depth(),
                        e.dataLost(),
                        e.connected(),
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
                System.out.flush();
            }
        }
    }
}
