package org.tiangong.collector.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.collector.Collector;
import org.tiangong.collector.buffer.SampleBuffer;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.e2e.FastPlant;
import org.tiangong.collector.opcua.GapMarkers;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * The fault-injection suite of issue 5: the simulator (a real OPC UA server), the collector (in this JVM, or as a
 * process of its own where it is killed) and a real database; one fault per case; then what the simulator published
 * is compared with what the database holds. Each case writes its figures to {@code target/reliability-figures.txt}
 * (the source of docs/reliability.md).
 */
class FaultInjectionTest {

    static final long TICK_MILLIS = 100;
    static final Path FIGURES = Path.of("target", "reliability-figures.txt");

    @TempDir
    Path dir;

    PlantSimulator simulator;
    String dbUrl;
    Database direct;
    Ledger ledger;
    TcpProxy proxy;
    Database proxied;
    Collector collector;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // the database first: an embedded server starting up competes with the simulator's ticker for the CPU
        dbUrl = TestDatabases.freshUrl();
        direct = Database.open(DbSettings.of(dbUrl));
        simulator = new PlantSimulator(
                        FastPlant.threeMachines(TICK_MILLIS), SimulatorOptions.forTests(dir.resolve("pki")))
                .start();
        ledger = new Ledger(simulator, direct.dataSource());
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (collector != null) collector.close();
        if (proxied != null) proxied.close();
        if (proxy != null) proxy.close();
        simulator.close();
        direct.close();
    }

    /** Sampling (50 ms) faster than the tick (100 ms): every published value is a change the server reports. */
    CollectorConfig config(int batchSize, long maxSamples) {
        return SimulatorCollectorConfig.forSimulator(
                simulator,
                50,
                new CollectorConfig.Writer(batchSize, 200L, 100_000),
                CollectorConfig.Buffer.defaults()
                        .withPath(dir.resolve("buffer.db"))
                        .withMaxSamples(maxSamples));
    }

    /** The collector in this JVM, writing to the database through a proxy the test can cut. */
    Collector startBehindProxy(CollectorConfig config) throws Exception {
        proxied = Database.open(DbSettings.of(proxiedUrl()));
        collector = Collector.start(config, proxied);
        return collector;
    }

    /** The database's URL through a new proxy the test can cut. */
    String proxiedUrl() throws IOException {
        Matcher m =
                Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/(.*)").matcher(dbUrl);
        assertThat(m.matches())
                .as("a JDBC URL with host and database: %s", dbUrl)
                .isTrue();
        proxy = new TcpProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3);
    }

    /** Waits until data flows into the database; returns the time from which every published value is expected. */
    Instant awaitFlowing() throws Exception {
        int energy = ledger.signalOfNode().entrySet().stream()
                .filter(e -> e.getKey().endsWith("CNC-01/energy"))
                .findFirst()
                .orElseThrow()
                .getValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.rows(energy).size() >= 20);
        return Instant.now();
    }

    /** The simulator's clock: the source time of the newest value it has published. */
    Instant simulatedNow() {
        return simulator.publishedRecord().all().stream()
                .map(PublishedRecord.PublishedValue::sourceTime)
                .max(Instant::compareTo)
                .orElseThrow();
    }

    /**
     * Lets what was published before {@code from} (the simulator's source times may trail the wall clock on a busy
     * machine) reach the database, so that the fault only touches values inside the compared window.
     */
    static void settle() {
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    }

    static void figures(String line) throws IOException {
        System.out.println("FIGURES " + line);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(
                FIGURES,
                Instant.now() + " " + line + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // ---- 1 ---------------------------------------------------------------------------------------------------

    @Test
    void databaseDownForThirtySecondsLosesNothingAndStoresNothingTwice() throws Exception {
        Collector c = startBehindProxy(config(1000, 1_000_000));
        Instant from = awaitFlowing();
        settle();

        proxy.cut();
        Instant cutAt = Instant.now();
        long storedAtCut = c.forwarderStats().stored();
        // the outage itself: collection goes on into the buffer, nothing reaches the database
        await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
        assertThat(c.forwarderStats().failedWrites()).isPositive();
        long buffered = c.buffer().depth();
        assertThat(buffered).isGreaterThan(1000);
        assertThat(c.forwarderStats().stored() - storedAtCut)
                .as("nothing stored while cut")
                .isLessThanOrEqualTo(1000);

        proxy.restore();
        Instant restoredAt = Instant.now();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !c.forwarderStats().failing()
                        && c.buffer()
                                .oldestTime()
                                .map(t -> t.isAfter(restoredAt))
                                .orElse(true));
        Duration recovery = Duration.between(restoredAt, Instant.now());

        Instant cutoff = Instant.now().minusSeconds(1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(ledger.compare(from, cutoff).missing()).isEmpty());
        Ledger.Result r = ledger.compare(from, cutoff);
        assertThat(r.duplicates()).isZero();
        assertThat(r.unexplained()).isZero();
        assertThat(r.markers()).as("the OPC UA side never lost contact").isZero();
        assertThat(c.buffer().dropped()).isZero();
        figures(String.format(
                "case1 db-down: outage %d s, buffered during outage %d, %s, backlog forwarded %d ms after restore",
                Duration.between(cutAt, restoredAt).toSeconds(), buffered, r, recovery.toMillis()));
    }

    // ---- 2 ---------------------------------------------------------------------------------------------------

    @Test
    void aCollectorKilledWithSigkillStoresEverythingThatReachedItsBufferExactlyOnce() throws Exception {
        Path yaml = dir.resolve("collector.yaml");
        CollectorConfig cfg = config(1000, 1_000_000).withMetrics(CollectorConfig.Metrics.disabled());
        new ObjectMapper(new YAMLFactory()).writeValue(yaml.toFile(), cfg);
        Path buffer = dir.resolve("buffer.db");

        String url = proxiedUrl();
        Process first = launch(yaml, "first", url);
        Instant from = awaitFlowing();
        // killed while the database is unreachable, so that its buffer holds what the database has not got
        proxy.cut();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        Instant killedAt = Instant.now();
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        Set<String> inDatabase = ledger.keys();
        Set<String> inBuffer = bufferKeys(buffer);
        Set<String> reached = new HashSet<>(inDatabase);
        reached.addAll(inBuffer);
        Set<String> both = new HashSet<>(inBuffer);
        both.retainAll(inDatabase);

        proxy.restore();
        Instant restartedAt = Instant.now();
        launch(yaml, "second", url);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.keys().containsAll(reached));
        Duration recovery = Duration.between(restartedAt, Instant.now());

        assertThat(ledger.duplicates()).isZero();
        // what was lost: published before the kill, never stored (received but not yet committed to the buffer)
        Instant newestReached = reached.stream()
                .map(k -> Long.parseLong(k.substring(k.indexOf('@') + 1)))
                .max(Long::compare)
                .map(us -> new Sample(0, us, 0, 0).time())
                .orElseThrow();
        Ledger.Result r = ledger.compare(from, killedAt);
        List<Ledger.Missing> lost = r.missing();
        long windowMillis = lost.stream()
                .mapToLong(x -> Duration.between(x.time(), killedAt).toMillis())
                .max()
                .orElse(0);
        assertThat(lost)
                .as("only the tail that had not reached the buffer is lost")
                .allSatisfy(x -> assertThat(x.time()).isAfter(newestReached.minusSeconds(1)));
        assertThat(r.unexplained()).isZero();
        // the killed run could not mark where its data ends; the next run does: one marker per signal, right after
        // the newest sample the killed run got to the buffer or the database, then Good data again
        Map<String, Integer> signals = ledger.signalOfNode();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Map.Entry<String, Integer> e : signals.entrySet()) {
                List<Ledger.Row> rows = ledger.rows(e.getValue());
                List<Ledger.Row> markers = rows.stream()
                        .filter(x -> x.status() == GapMarkers.BAD_NO_COMMUNICATION)
                        .toList();
                assertThat(markers).as(e.getKey()).hasSize(1);
                Instant marker = markers.get(0).time();
                assertThat(marker).as(e.getKey()).isAfter(newestReached).isBefore(newestReached.plusMillis(1));
                assertThat(rows)
                        .as("%s: Good data after the gap", e.getKey())
                        .anyMatch(x -> x.status() == 0 && x.time().isAfter(marker));
            }
        });
        figures(String.format(
                "case2 sigkill: in db at kill %d, in buffer at kill %d (of which already in db %d), all %d stored once "
                        + "after restart in %d ms; published before the kill and lost: %d samples, the oldest %d ms before the kill; "
                        + "newest buffered sample %d ms before the kill",
                inDatabase.size(),
                inBuffer.size(),
                both.size(),
                reached.size(),
                recovery.toMillis(),
                lost.size(),
                windowMillis,
                Duration.between(newestReached, killedAt).toMillis()));
    }

    Process launch(Path yaml, String name, String url) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CollectorMain.class.getName(),
                        yaml.toString(),
                        url)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector-" + name + ".log").toFile())
                .start();
        processes.add(p);
        return p;
    }

    static Set<String> bufferKeys(Path buffer) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + buffer.toAbsolutePath());
                ResultSet rs = c.createStatement().executeQuery("SELECT signal_id, time_us FROM sample")) {
            while (rs.next()) out.add(rs.getInt(1) + "@" + rs.getLong(2));
        }
        return out;
    }

    // ---- 3 ---------------------------------------------------------------------------------------------------

    @Test
    void anOpcUaServerRestartIsAMarkedGapAndCollectionResumesWithinTenSeconds() throws Exception {
        Collector c = startBehindProxy(config(1000, 1_000_000));
        awaitFlowing();
        // Source times are the simulator's ticks, which fall behind the wall clock when a busy machine starves the
        // ticker: the windows compared with them are taken on that clock too (simulatedNow), not on Instant.now().
        Instant from = simulatedNow();
        Map<String, Integer> signals = ledger.signalOfNode();
        await().pollDelay(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(4))
                .until(() -> true); // data before the fault

        Instant restartedInSimulation = simulatedNow(); // no tick runs while the server restarts
        simulator.restartServer();
        Instant restartedAt = Instant.now();
        // collection resumes: a value published after the restart is stored
        await().atMost(Duration.ofSeconds(10))
                .until(() -> signals.values().stream().anyMatch(id -> {
                    try {
                        return ledger.rows(id).stream()
                                .anyMatch(r -> r.status() == 0 && r.time().isAfter(restartedInSimulation));
                    } catch (Exception e) {
                        return false;
                    }
                }));
        Duration resumed = Duration.between(restartedAt, Instant.now());

        // every signal: one gap marker, and after it Good data again (a repeat of an unchanged value included)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Map.Entry<String, Integer> e : signals.entrySet()) {
                List<Ledger.Row> rows = ledger.rows(e.getValue());
                List<Ledger.Row> markers = rows.stream()
                        .filter(r -> r.status() == GapMarkers.BAD_NO_COMMUNICATION)
                        .toList();
                assertThat(markers).as(e.getKey()).hasSize(1);
                Instant marker = markers.get(0).time();
                assertThat(marker).as(e.getKey()).isBefore(restartedAt.plusSeconds(1));
                assertThat(rows)
                        .as("%s: Good data before and after the gap", e.getKey())
                        .anyMatch(r -> r.status() == 0 && r.time().isBefore(marker))
                        .anyMatch(r -> r.status() == 0 && r.time().isAfter(marker));
            }
        });
        await().pollDelay(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(4))
                .until(() -> true); // data after the fault
        Instant cutoff = simulatedNow().minusSeconds(1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ledger.compare(from, cutoff).missing())
                        .as("only values published while the server was away are missing")
                        .allSatisfy(x -> assertThat(x.time())
                                .isAfter(restartedInSimulation.minusSeconds(5))
                                .isBefore(restartedInSimulation.plusSeconds(10))));
        Ledger.Result r = ledger.compare(from, cutoff);
        assertThat(r.expected()).isPositive();
        assertThat(r.duplicates()).isZero();
        assertThat(r.unexplained()).isZero();
        long lostInGap = r.missing().size();
        figures(String.format(
                "case3 opcua-restart: first new value stored %d ms after the restart; %s; values published "
                        + "during the gap and never seen: %d (a fresh server keeps no history); reconnects %d, re-created subscriptions %d",
                resumed.toMillis(),
                r,
                lostInGap,
                c.endpointStats().get(0).reconnects(),
                c.endpointStats().get(0).recreations()));
    }

    // ---- 4 ---------------------------------------------------------------------------------------------------

    @Test
    void theSameBatchDeliveredTwiceIsStoredOnce() throws Exception {
        Collector c = startBehindProxy(config(1000, 1_000_000));
        Instant from = awaitFlowing();

        // a batch the database has, delivered again: as after a crash between the database commit and the buffer delete
        List<Sample> batch = new ArrayList<>();
        try (Connection conn = direct.dataSource().getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "SELECT signal_id, time, value, status FROM telemetry ORDER BY time LIMIT 300");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next())
                batch.add(Sample.of(
                        rs.getInt(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getDouble(3),
                        rs.getInt(4)));
        }
        assertThat(batch).hasSize(300);
        long duplicatesBefore = c.forwarderStats().duplicates();
        c.buffer().append(batch);
        c.buffer().append(batch);
        await().atMost(Duration.ofSeconds(20)).until(() -> c.forwarderStats().duplicates() - duplicatesBefore == 600);
        assertThat(ledger.duplicates()).isZero();
        try (Connection conn = direct.dataSource().getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT count(*) FROM telemetry WHERE signal_id = ? AND time = ?")) {
            for (Sample s : batch) {
                ps.setInt(1, s.signalId());
                ps.setObject(2, OffsetDateTime.ofInstant(s.time(), java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
            }
        }
        figures(String.format(
                "case4 replay: %d samples delivered twice more, %d skipped as duplicates, stored once each, duplicates in table %d",
                batch.size(), c.forwarderStats().duplicates() - duplicatesBefore, ledger.duplicates()));
    }

    // ---- 5 ---------------------------------------------------------------------------------------------------

    @Test
    void whenTheBufferLimitIsReachedTheDroppedCountIsExactlyWhatIsMissing() throws Exception {
        Collector c = startBehindProxy(config(250, 1500));
        assertThat(c.buffer().onFull()).isEqualTo(SampleBuffer.OnFull.DROP_OLDEST);
        Instant from = awaitFlowing();
        settle();

        proxy.cut();
        Instant cutAt = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> c.buffer().dropped() > 500);
        proxy.restore();
        Instant restoredAt = Instant.now();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !c.forwarderStats().failing()
                        && c.buffer()
                                .oldestTime()
                                .map(t -> t.isAfter(restoredAt))
                                .orElse(true));
        Duration recovery = Duration.between(restoredAt, Instant.now());

        // everything published up to a second after the restore has been forwarded once the missing count is the
        // dropped count; a loss of anything else would keep them apart
        Instant cutoff = restoredAt.plusSeconds(1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ledger.compare(from, cutoff).missing())
                        .as("nothing is missing but what was dropped")
                        .hasSize((int) c.buffer().dropped()));
        long dropped = c.buffer().dropped();
        Ledger.Result r = ledger.compare(from, cutoff);
        assertThat(r.missing())
                .allSatisfy(
                        x -> assertThat(x.time()).isAfter(cutAt.minusSeconds(2)).isBefore(restoredAt));
        assertThat(r.duplicates()).isZero();
        assertThat(r.unexplained()).isZero();

        // the count is exposed
        int port = c.metricsPort().orElseThrow();
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("tiangong_collector_samples_dropped_total " + (double) dropped)
                .contains("tiangong_collector_buffer_depth_samples")
                .contains("tiangong_collector_lag_seconds_count");
        figures(String.format(
                "case5 buffer-limit: limit 1500 samples, outage %d s, dropped %d, missing %d, %s; backlog forwarded %d ms after restore",
                Duration.between(cutAt, restoredAt).toSeconds(),
                dropped,
                r.missing().size(),
                r,
                recovery.toMillis()));
    }
}
