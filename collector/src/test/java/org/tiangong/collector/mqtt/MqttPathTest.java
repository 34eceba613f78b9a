package org.tiangong.collector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.e2e.FastPlant;
import org.tiangong.collector.faults.TcpProxy;
import org.tiangong.collector.mqtt.StoredTelemetry.Row;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * The county path with real parts: the simulator (OPC UA) → an edge collector publishing Sparkplug B over MQTT 5 →
 * an embedded HiveMQ CE broker (its own JVM process, on a free loopback port) → two ingest instances sharing a
 * subscription → the database; compared value for value with the simulator's record. Fault cases: broker restart
 * plus an ingest instance stopped hard (its connection cut, nothing acknowledged), a real SIGKILL of an ingest
 * instance running in its own JVM process while it holds unacknowledged messages, the edge offline for a minute,
 * duplicate delivery and poison messages.
 */
class MqttPathTest {

    private static final Logger log = LoggerFactory.getLogger(MqttPathTest.class);

    /** The test's own samples are before this; the simulator's after. */
    static final Instant INJECTED_BEFORE = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    // one simulator and one broker for the class (each takes seconds to start); per test a fresh database, a fresh
    // edge and fresh ingest sessions (a group and client ids of its own, so nothing queued for an earlier test's
    // sessions reaches this test's database)
    static PlantSimulator simulator;
    static EmbeddedBroker broker;
    static int run;

    String dbUrl;
    Database db;
    StoredTelemetry stored;
    TcpProxy edgeLink;
    MqttPublisher publisher;
    Collector edge;
    String group;
    final List<MqttIngest> ingests = new ArrayList<>();
    // a plain (not shared) subscriber of every NDATA: what the broker routed in this test, for the failure messages
    Mqtt5AsyncClient probe;
    final AtomicLong probed = new AtomicLong();
    final List<IngestProcess> processes = new ArrayList<>();

    @BeforeAll
    static void startShared() throws Exception {
        simulator = new PlantSimulator(FastPlant.threeMachines(100), SimulatorOptions.forTests(shared.resolve("pki")))
                .start();
        broker = EmbeddedBroker.start(shared.resolve("broker"));
    }

    @AfterAll
    static void stopShared() throws Exception {
        if (broker != null) broker.close();
        if (simulator != null) simulator.close();
    }

    @BeforeEach
    void start() throws Exception {
        run++;
        group = "ingest-test-" + run;
        dbUrl = TestDatabases.freshUrl();
        db = Database.open(DbSettings.of(dbUrl));
        stored = new StoredTelemetry(db.dataSource());
        edgeLink = new TcpProxy("127.0.0.1", broker.port());
        Path buffer = dir.resolve("edge-buffer.db");
        CollectorConfig config = SimulatorCollectorConfig.forSimulator(
                simulator,
                50,
                new CollectorConfig.Writer(1000, 200L, 100_000),
                CollectorConfig.Buffer.defaults().withPath(buffer));
        EdgeSignals signals = EdgeSignals.forBuffer(buffer);
        publisher = MqttPublisher.connect(
                BrokerSettings.parse("mqtt://127.0.0.1:" + edgeLink.port(), "edge-plant-1-" + run),
                signals,
                Duration.ofSeconds(5));
        // the group's shared subscription must exist before the plant publishes: the broker keeps messages for
        // subscriptions, and a message no subscription matches is acknowledged and gone (docs/reliability.md)
        probed.set(0);
        probe = MqttClient.builder()
                .useMqttVersion5()
                .identifier("test-probe-" + run)
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .automaticReconnectWithDefaultConfig()
                .buildAsync();
        probe.publishes(MqttGlobalPublishFilter.ALL, p -> probed.incrementAndGet());
        probe.connect().get(30, TimeUnit.SECONDS);
        probe.subscribeWith()
                .topicFilter(PlantTopic.filter(PlantTopic.NDATA))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .get(30, TimeUnit.SECONDS);
        ingests.add(ingest("ingest-1", broker.port()));
        ingests.add(ingest("ingest-2", broker.port()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ingests.stream().allMatch(i -> i.stats().subscribed()));
        edge = Collector.startForwardingTo(config, signals, publisher);
    }

    MqttIngest ingest(String id, int port) {
        IngestOptions o = IngestOptions.defaults(BrokerSettings.parse("mqtt://127.0.0.1:" + port, group + "-" + id))
                .withGroup(group)
                .withSessionExpiry(Duration.ofMinutes(5))
                .withReceiveMaximum(64)
                .withBatchSamples(2000);
        return MqttIngest.start(o, db.dataSource());
    }

    @AfterEach
    void stop() throws Exception {
        ingests.forEach(MqttIngest::close);
        ingests.clear();
        for (IngestProcess p : processes) p.close();
        processes.clear();
        if (probe != null) probe.disconnect();
        if (edge != null) edge.close();
        if (publisher != null) publisher.close();
        if (edgeLink != null) edgeLink.close();
        if (db != null) db.close();
    }

    @Test
    void twoIngestInstancesStoreWhatTheSimulatorPublishedValueForValue() throws Exception {
        awaitFlowing();
        assertEverythingPublishedUpToNowIsStoredOnce();
        // Both instances are connected members of the group and each received the births on its own subscription.
        // How the broker divides the NDATA between them is the broker's policy, not ours: HiveMQ CE gives a member
        // that is busy acknowledging (waiting for its commit) the next messages too, so one instance may store all
        // of them (docs/reliability.md, "Load splitting is the broker's"; bench/county.sh shows it). What the group
        // guarantees is checked above: every published value stored, once. The split is logged.
        assertThat(ingests).allSatisfy(i -> {
            assertThat(i.stats().connected()).isTrue();
            assertThat(i.stats().subscribed()).isTrue();
            assertThat(i.stats().messages()).isPositive();
        });
        log.info(
                "case 1 split: {}",
                ingests.stream().map(i -> String.valueOf(i.stats().stored())).toList());
        assertThat(stored.deadLetters()).isZero();
    }

    @Test
    void aBrokerRestartAndAnIngestInstanceStoppedHardLoseNothing() throws Exception {
        awaitFlowing();
        broker.restart();
        awaitNewRows(Instant.now());

        // ingest-1 through a link that is cut: no DISCONNECT, no PUBACK for what it holds, as when its process dies
        ingests.forEach(MqttIngest::close);
        ingests.clear();
        TcpProxy link = new TcpProxy("127.0.0.1", broker.port());
        MqttIngest doomed = ingest("ingest-1", link.port());
        ingests.add(ingest("ingest-2", broker.port()));
        await().atMost(Duration.ofSeconds(90)).until(() -> doomed.stats().messages() > 0);
        link.cut();
        doomed.abandon();
        // a new instance of the same session (as a restarted process would be)
        ingests.add(ingest("ingest-1", broker.port()));
        awaitNewRows(Instant.now());
        assertEverythingPublishedUpToNowIsStoredOnce();
        link.close();
    }

    @Test
    void anIngestInstanceKilledWithSigkillLosesNothing() throws Exception {
        awaitFlowing();
        // the group's only member for now: an ingest process that holds what it receives 1.5 s before it stores and
        // acknowledges, so that the kill finds messages received and not acknowledged
        ingests.forEach(MqttIngest::close);
        ingests.clear();
        IngestProcess doomed = ingestProcess("ingest-1", Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            IngestProcess.Counters c = doomed.counters();
            return c.acknowledged() > 0 && c.received() > c.acknowledged();
        });
        IngestProcess.Counters atKill = doomed.kill();
        log.info(
                "SIGKILL of the ingest process with {} messages received and not acknowledged (of {} received)",
                atKill.received() - atKill.acknowledged(),
                atKill.received());
        processes.remove(doomed);
        // the other member of the group takes over, and the killed one's session comes back in a new process
        ingests.add(ingest("ingest-2", broker.port()));
        ingestProcess("ingest-1", Duration.ofMillis(200));
        awaitNewRows(Instant.now());
        assertEverythingPublishedUpToNowIsStoredOnce();
    }

    IngestProcess ingestProcess(String id, Duration flush) throws Exception {
        IngestProcess p = IngestProcess.start(broker.url(), group + "-" + id, group, dbUrl, 64, flush);
        processes.add(p);
        await().atMost(Duration.ofSeconds(60)).until(() -> p.counters().subscribed());
        return p;
    }

    @Test
    void anEdgeOfflineBuffersAndThenReplaysEverything() throws Exception {
        awaitFlowing();
        edgeLink.cut();
        Instant cut = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> edge.buffer().depth() > 300);
        await().pollDelay(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(65)).until(() -> true);
        long buffered = edge.buffer().depth();
        assertThat(buffered).as("samples held on the edge's disk while offline").isGreaterThan(300);
        edgeLink.restore();
        await().atMost(Duration.ofSeconds(90)).until(() -> edge.buffer().depth() < 200);
        awaitNewRows(cut.plusSeconds(61));
        assertEverythingPublishedUpToNowIsStoredOnce();
    }

    @Test
    void duplicatesAreStoredOnceAndPoisonMessagesGoToTheDeadLetters() throws Exception {
        awaitFlowing();
        long before = stored.telemetryRows();
        SparkplugCodec codec = new SparkplugCodec();
        MachinePath path = simulator.nodeIds().keySet().iterator().next();
        String topic = new PlantTopic(path.enterprise(), PlantTopic.NDATA, path.plant()).topic();
        String metric = path.line() + "/" + path.machine() + "/alarm_code";
        long t = (Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()) * 1_000_000L + 123_456;
        byte[] good = codec.data(List.of(new SparkplugCodec.PathSample(metric, t, 7, 0)), 0, 0);
        Mqtt5BlockingClient raw = MqttClient.builder()
                .useMqttVersion5()
                .identifier("test-raw-" + run)
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildBlocking();
        raw.connect();
        for (int i = 0; i < 3; i++) publish(raw, topic, good);
        publish(raw, topic, "not protobuf at all".getBytes());
        publish(raw, topic, codec.data(List.of(new SparkplugCodec.PathSample("L9/NOPE/state", t, 1, 0)), 1, 0));
        publish(raw, topic, codec.data(List.of(new SparkplugCodec.PathSample(metric, t + 1, Double.NaN, 0)), 2, 0));
        publish(
                raw,
                new PlantTopic(path.enterprise(), PlantTopic.NBIRTH, path.plant()).topic(),
                codec.birth(List.of(new SparkplugCodec.BirthSignal("L1/ROBOT-9/state", "robot", "ns=2;s=x")), 3, 0));
        raw.disconnect();

        await().atMost(Duration.ofSeconds(30)).until(() -> stored.deadLetters() == 4);
        int alarm = signalIds(path).get(CanonicalSignal.ALARM_CODE);
        List<Row> at = stored.rows(alarm).stream()
                .filter(r -> Sample.toMicros(r.time()) == t)
                .toList();
        assertThat(at).containsExactly(new Row(Instant.ofEpochSecond(0, t * 1000), 7, 0));
        assertThat(stored.reasons())
                .anySatisfy(r -> assertThat(r).contains("undecodable"))
                .anySatisfy(r -> assertThat(r).contains("unknown signal"))
                .anySatisfy(r -> assertThat(r).contains("non-finite"))
                .anySatisfy(r -> assertThat(r).contains("birth: not registered"));
        // the stream goes on behind the poison
        awaitNewRows(Instant.now());
        assertThat(stored.telemetryRows()).isGreaterThan(before);
        assertEverythingPublishedUpToNowIsStoredOnce();
    }

    static void publish(Mqtt5BlockingClient c, String topic, byte[] payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    // --- helpers ---

    void awaitFlowing() throws Exception {
        MachinePath first = simulator.nodeIds().keySet().iterator().next();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stored.rows(signalIds(first).get(CanonicalSignal.ENERGY))
                                    .size()
                            >= 10);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("nothing flowing: " + state(), e);
        }
    }

    /** Where the messages are: for a failure message. */
    String state() throws Exception {
        return "publisher " + publisher.stats() + ", edge buffer "
                + edge.buffer().depth() + ", forwarder "
                + edge.forwarderStats() + ", NDATA routed to a plain subscriber " + probed.get()
                + ", ingest " + ingests.stream().map(MqttIngest::stats).toList()
                + ", ingest processes "
                + processes.stream().map(IngestProcess::counters).toList()
                + ", dead letters " + stored.reasons();
    }

    void awaitNewRows(Instant after) throws Exception {
        MachinePath first = simulator.nodeIds().keySet().iterator().next();
        int energy = signalIds(first).get(CanonicalSignal.ENERGY);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stored.rows(energy).stream()
                                    .filter(r -> r.time().isAfter(after))
                                    .count()
                            >= 5);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no new rows after " + after + ": " + state(), e);
        }
    }

    /**
     * For every signal: what is stored is exactly what the simulator published from the subscription's first value on,
     * in order, with the same source times (nothing skipped, nothing invented), no row twice, and it reaches at least
     * a cutoff taken now once the pipeline has caught up.
     */
    void assertEverythingPublishedUpToNowIsStoredOnce() throws Exception {
        Instant cutoff = Instant.now();
        long[] compared = new long[1];
        long[] gaps = new long[2];
        try {
            awaitStoredUpTo(cutoff, compared, gaps);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not everything up to " + cutoff + " stored: " + state(), e);
        }
        long twice = stored.duplicateRows();
        // the figures of docs/reliability.md's table
        log.info(
                "{} values compared with the simulator's record up to the cutoff, 0 missing, {} stored twice"
                        + " (OPC UA leg: {} gap markers, {} re-observations left out); {}",
                compared[0],
                twice,
                gaps[0],
                gaps[1],
                state());
        assertThat(twice).as("rows stored twice").isZero();
    }

    void awaitStoredUpTo(Instant cutoff, long[] compared, long[] gaps) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            compared[0] = 0;
            gaps[0] = 0;
            gaps[1] = 0;
            for (Map.Entry<MachinePath, Map<CanonicalSignal, String>> machine :
                    simulator.nodeIds().entrySet()) {
                Map<CanonicalSignal, Integer> ids = signalIds(machine.getKey());
                for (Map.Entry<CanonicalSignal, String> signal :
                        machine.getValue().entrySet()) {
                    String what = machine.getKey() + " " + signal.getKey().key();
                    List<PublishedValue> sent = simulator.publishedRecord().published(signal.getValue());
                    List<PublishedValue> kept = StoredTelemetry.simulatorValues(
                            stored.rows(ids.get(signal.getKey())), sent, INJECTED_BEFORE, gaps);
                    assertThat(kept).as(what).isNotEmpty();
                    int first = sent.indexOf(kept.get(0));
                    assertThat(first)
                            .as("%s: the first stored value was published", what)
                            .isNotNegative();
                    List<PublishedValue> since = sent.subList(first, sent.size());
                    assertThat(kept.size()).as(what).isLessThanOrEqualTo(since.size());
                    assertThat(kept).as(what).containsExactlyElementsOf(since.subList(0, kept.size()));
                    long upToCutoff = since.stream()
                            .filter(v -> !v.sourceTime().isAfter(cutoff))
                            .count();
                    assertThat((long) kept.size())
                            .as("%s: everything published up to the cutoff is stored", what)
                            .isGreaterThanOrEqualTo(upToCutoff);
                    compared[0] += kept.size();
                }
            }
        });
    }

    Map<CanonicalSignal, Integer> signalIds(MachinePath path) throws Exception {
        var kind = simulator
                .plant()
                .machine(path.line(), path.machine())
                .orElseThrow()
                .kind();
        return new TopologyRegistry(db.dataSource())
                .registerSignals(path, kind, simulator.nodeIdsFor(path.line(), path.machine()));
    }
}
