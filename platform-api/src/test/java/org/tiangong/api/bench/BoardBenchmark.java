package org.tiangong.api.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.JavascriptExecutor;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.api.web.Browser;

/**
 * Many viewers of one line's live Andon board on a running demo (bench/board.sh starts it in its own JVM). Each viewer
 * is one SSE connection. Every 3 s the benchmark writes a state change for one machine of the line into the demo's
 * database through {@link TelemetryWriter} (as the collector's writer does) and notes when it was committed; a viewer
 * that sees that machine's {@code since} become that sample's time records arrival − commit: the platform's delay
 * (board computation and fan-out). Changes made by the simulator are recorded apart, from their OPC UA source time
 * (that delay also holds the collector's subscription and write batching). Server CPU and RSS come from /proc.
 * Time to first paint of the board page is measured in headless Chromium (navigation start → first machine tile).
 *
 * <p>Arguments: baseUrl username password serverPid viewers(comma-separated) secondsPerRun jdbcUrl
 */
public final class BoardBenchmark {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String username = args[1];
        String password = args[2];
        long pid = Long.parseLong(args[3]);
        List<Integer> counts = new ArrayList<>();
        for (String s : args[4].split(",")) counts.add(Integer.parseInt(s.trim()));
        int seconds = Integer.parseInt(args[5]);
        Database db = Database.open(new DbSettings(args[6], null, null, 2), StoragePolicy.defaults());
        java.net.URI uri = java.net.URI.create(base);

        Vertx vertx = Vertx.vertx();
        HttpClient client = client(vertx, uri);
        String token = new JsonObject(client.request(HttpMethod.POST, "/api/v1/auth/login")
                        .compose(r -> r.putHeader("content-type", "application/json")
                                .send(new JsonObject()
                                        .put("username", username)
                                        .put("password", password)
                                        .encode()))
                        .compose(r -> r.body())
                        .await(20, TimeUnit.SECONDS)
                        .toString())
                .getString("token");
        String enterprise =
                get(client, token, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(client, token, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        JsonArray lines = get(client, token, "/api/v1/plants/" + plant + "/lines");
        String line = lines.getJsonObject(0).getString("id");
        JsonArray lineMachines = get(client, token, "/api/v1/lines/" + line + "/machines");
        int machines = lineMachines.size();
        String probe = lineMachines.getJsonObject(machines - 1).getString("id");
        int stateSignal = new org.tiangong.analytics.db.Jdbc(db.dataSource())
                .one("SELECT id FROM signal WHERE machine_id = ?::uuid AND name = 'state'", rs -> rs.getInt(1), probe)
                .orElseThrow();
        System.out.printf(
                "board of line %s (%s, %d machines) at %s%n",
                lines.getJsonObject(0).getString("code"), line, machines, base);

        StringBuilder report = new StringBuilder();
        report.append(
                String.format(
                        "| viewers | connected | events/viewer/s | changes written / arrivals | delay p50 | delay p99 | delay max | simulator's changes: arrivals, p50 / p99 from the machine | server CPU | server RSS | dropped |%n"));
        report.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int n : counts)
            report.append(run(
                            client(vertx, uri),
                            token,
                            line,
                            n,
                            seconds,
                            pid,
                            new TelemetryWriter(db.dataSource()),
                            stateSignal))
                    .append('\n');
        System.out.println();
        System.out.print(report);

        String paint = firstPaint(base, username, password, "/lines/" + line + "/board");
        System.out.println(paint);
        client.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        db.close();
        System.exit(0);
    }

    static HttpClient client(Vertx vertx, java.net.URI uri) {
        return vertx.createHttpClient(
                new HttpClientOptions()
                        .setDefaultHost(uri.getHost())
                        .setDefaultPort(uri.getPort())
                        .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(5000));
    }

    static JsonArray get(HttpClient client, String token, String path) throws Exception {
        return new JsonArray(client.request(HttpMethod.GET, path)
                .compose(r -> r.putHeader("Authorization", "Bearer " + token).send())
                .compose(r -> r.body())
                .await(20, TimeUnit.SECONDS)
                .toString());
    }

    static String run(
            HttpClient client,
            String token,
            String line,
            int n,
            int seconds,
            long pid,
            TelemetryWriter writer,
            int stateSignal)
            throws Exception {
        List<Viewer> viewers = new ArrayList<>();
        Map<Instant, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
        long cpuBefore = 0;
        AtomicInteger connected = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Viewer v = new Viewer(written);
            viewers.add(v);
            client.request(new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setURI("/api/v1/lines/" + line + "/board/stream")
                            .putHeader("Authorization", "Bearer " + token)
                            .putHeader("Accept", "text/event-stream"))
                    .compose(r -> r.send())
                    .onSuccess(r -> {
                        if (r.statusCode() == 200) connected.incrementAndGet();
                        r.handler(v::data);
                        r.endHandler(x -> v.closed = true);
                        r.exceptionHandler(x -> v.closed = true);
                    })
                    .onFailure(e -> v.closed = true);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (connected.get() < n && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(3000); // let every viewer take its first event, which only sets its baseline
        for (Viewer v : viewers) v.counting = true;
        cpuBefore = cpuTicks(pid);
        long t0 = System.nanoTime();
        long rssPeak = 0;
        int changes = 0;
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1000);
            rssPeak = Math.max(rssPeak, rssKb(pid));
            if (s % 3 == 0) {
                // setup and fault in turn: each differs from the one before, so each starts a new state
                Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                writer.write(List.of(Sample.of(stateSignal, at, changes % 2 == 0 ? 3 : 4, 0)));
                written.put(at, System.currentTimeMillis());
                changes++;
            }
        }
        Thread.sleep(3000); // the last change's arrival
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks(pid) - cpuBefore) / 100.0 / wall;
        for (Viewer v : viewers) v.counting = false;
        List<Long> delays = new ArrayList<>();
        List<Long> machineDelays = new ArrayList<>();
        long events = 0;
        int dropped = 0;
        for (Viewer v : viewers) {
            synchronized (v) {
                delays.addAll(v.delays);
                machineDelays.addAll(v.machineDelays);
                events += v.countedEvents;
            }
            if (v.closed) dropped++;
        }
        client.close(); // closes every viewer's connection; a new client for the next run
        Collections.sort(delays);
        Collections.sort(machineDelays);
        String row = String.format(
                "| %d | %d | %.2f | %d / %d | %s | %s | %s | %d, %s / %s | %.0f %% of one core | %d MiB | %d |",
                n,
                connected.get(),
                events / (double) n / wall,
                changes,
                delays.size(),
                ms(delays, 0.50),
                ms(delays, 0.99),
                delays.isEmpty() ? "—" : delays.get(delays.size() - 1) + " ms",
                machineDelays.size(),
                ms(machineDelays, 0.50),
                ms(machineDelays, 0.99),
                cpu * 100,
                rssPeak / 1024,
                dropped);
        System.out.println(row);
        return row;
    }

    static String ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) return "—";
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) + " ms";
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    static long rssKb(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        }
        return 0;
    }

    /** Navigation start → the first machine tile in the DOM, median of five loads with a warm session. */
    static String firstPaint(String base, String username, String password, String path) throws Exception {
        try (Browser b = Browser.open(base, "zh-CN")) {
            b.go("/");
            b.login(username, password, "用户名", "密码", "登录");
            b.waiting().until(d -> !b.path().equals("/"));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                b.go(path);
                Object t = ((JavascriptExecutor) b.driver).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const check = () => document.querySelector('article.tile') ? done(performance.now()) : requestAnimationFrame(check);
                        check();""");
                if (i > 0) times.add(((Number) t).doubleValue()); // the first load warms the cache
            }
            Collections.sort(times);
            return String.format(
                    "time to first paint of %s (navigation start → first machine tile, %d loads): median %.0f ms, max %.0f ms",
                    path, times.size(), times.get(times.size() / 2), times.get(times.size() - 1));
        }
    }

    /** One SSE connection: splits events, remembers each machine's since, records the delay of every new one. */
    static final class Viewer {
        final StringBuilder pending = new StringBuilder();
        final Map<String, String> since = new HashMap<>();
        final List<Long> delays = new ArrayList<>();
        final List<Long> machineDelays = new ArrayList<>();
        final Map<Instant, Long> written;
        volatile boolean counting;
        volatile boolean closed;
        long countedEvents;
        boolean baseline;

        Viewer(Map<Instant, Long> written) {
            this.written = written;
        }

        synchronized void data(Buffer chunk) {
            long now = System.currentTimeMillis();
            pending.append(chunk.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String event = pending.substring(0, end);
                pending.delete(0, end + 2);
                int data = event.indexOf("data: ");
                if (data < 0) continue;
                JsonArray machines = new JsonObject(event.substring(data + 6)).getJsonArray("machines");
                if (counting) countedEvents++;
                for (int i = 0; i < machines.size(); i++) {
                    JsonObject m = machines.getJsonObject(i);
                    String s = m.getString("since");
                    String previous = since.put(m.getString("id"), s);
                    if (baseline && counting && s != null && !s.equals(previous)) {
                        Instant since = Instant.parse(s);
                        Long committed = written.get(since);
                        if (committed != null) delays.add(Math.max(0, now - committed));
                        else machineDelays.add(Math.max(0, now - since.toEpochMilli()));
                    }
                }
                baseline = true;
            }
        }
    }

    private BoardBenchmark() {}
}
