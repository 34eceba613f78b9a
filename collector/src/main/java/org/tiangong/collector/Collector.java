package org.tiangong.collector;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.buffer.Forwarder;
import org.tiangong.collector.buffer.SampleBuffer;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.connect.EndpointSource;
import org.tiangong.collector.ingest.BatchSink;
import org.tiangong.collector.ingest.BatchWriter;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.metrics.CollectorMetrics;
import org.tiangong.collector.metrics.MetricsServer;
import org.tiangong.collector.opcua.EndpointSubscriber;
import org.tiangong.collector.opcua.GapMarkers;

/**
 * The collector: registers every mapped machine and signal, then streams OPC UA notifications through a bounded
 * in-memory queue into a durable buffer on disk, and from there, oldest first, into batched idempotent COPY writes.
 *
 * <pre>
 * EndpointSubscriber ─▶ SampleQueue ─▶ BatchWriter ("buffer": one commit + fsync per flush interval)
 *   (one per endpoint)   (memory)        ─▶ SampleBuffer (SQLite file) ─▶ Forwarder ─▶ TelemetryWriter (database)
 * </pre>
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    private static final Duration APPEND_GRACE = Duration.ofSeconds(10);
    private static final Duration FORWARD_GRACE = Duration.ofSeconds(5);

    private final SampleQueue queue;
    private final SampleBuffer buffer;
    private final List<EndpointSubscriber> subscribers = new ArrayList<>();
    private BatchWriter appender;
    private Forwarder forwarder;
    private CollectorMetrics metrics;
    private DatabaseEndpoints databaseEndpoints;
    private MetricsServer metricsServer;

    private Collector(SampleQueue queue, SampleBuffer buffer) {
        this.queue = queue;
        this.buffer = buffer;
    }

    /**
     * Registers the configured machines and signals in the database (creating missing enterprise, plant, line and
     * machine rows by code), opens the buffer (forwarding first what an earlier run left in it), then starts the
     * forwarder, the metrics endpoint and one subscriber per endpoint. Returns at once: subscribers connect in the
     * background and keep retrying while a server is not up. The YAML file's endpoints only: the launcher and the
     * demo, which know the platform's files, use {@link #start(CollectorConfig, Database, DatabaseEndpoints.Options)}.
     *
     * @throws SQLException when the machines cannot be registered; nothing has been started then
     * @throws IllegalStateException when the buffer file is in use by another collector, or cannot be opened
     */
    public static Collector start(CollectorConfig config, Database database) throws SQLException {
        return start(config, database, null);
    }

    /**
     * Like {@link #start(CollectorConfig, Database)}, and also collects the endpoints and mappings saved through the
     * platform, following their changes in place ({@link DatabaseEndpoints}); {@code connect} null: the YAML file only.
     */
    public static Collector start(CollectorConfig config, Database database, DatabaseEndpoints.Options connect)
            throws SQLException {
        DataSource ds = database.dataSource();
        TelemetryWriter telemetry = new TelemetryWriter(ds);
        return start(
                config,
                new TopologyRegistry(ds)::registerSignals,
                signals -> newestStored(ds, signals),
                telemetry::write,
                connect == null ? null : queue -> new DatabaseEndpoints(new ConnectStore(ds), queue, connect));
    }

    /**
     * Edge mode: the YAML file's endpoints, with signal ids from {@code registrar} (a plant-local registry, not the
     * central database), forwarded from the buffer to {@code sink} (the MQTT publisher, which returns only after the
     * broker's PUBACK). The caller closes the sink after the collector.
     */
    public static Collector startForwardingTo(CollectorConfig config, SignalRegistrar registrar, BatchSink sink)
            throws SQLException {
        return startForwardingTo(config, registrar, sink, null, null);
    }

    /**
     * Edge mode with the platform's endpoints too: like {@link #startForwardingTo(CollectorConfig, SignalRegistrar,
     * BatchSink)}, and also collects what {@code platform} holds (at the edge: the configuration pulled from the
     * platform's API, its signal ids from {@code registrar}), following its changes in place ({@link
     * DatabaseEndpoints}); {@code platform} null: the YAML file only.
     */
    public static Collector startForwardingTo(
            CollectorConfig config,
            SignalRegistrar registrar,
            BatchSink sink,
            EndpointSource platform,
            DatabaseEndpoints.Options connect)
            throws SQLException {
        return start(
                config,
                registrar,
                signals -> Map.of(),
                sink,
                platform == null ? null : queue -> new DatabaseEndpoints(platform, queue, connect));
    }

    /** Where the collector gets the id of each signal it collects. */
    @FunctionalInterface
    public interface SignalRegistrar {
        Map<CanonicalSignal, Integer> registerSignals(
                MachinePath path, MachineKind kind, Map<CanonicalSignal, String> sourceNodes) throws SQLException;
    }

    /** The newest stored sample (time, status) per signal, beyond the buffer. */
    @FunctionalInterface
    private interface NewestStored {
        Map<Integer, SampleBuffer.Newest> of(List<Integer> signals) throws SQLException;
    }

    private static Collector start(
            CollectorConfig config,
            SignalRegistrar registry,
            NewestStored stored,
            BatchSink sink,
            java.util.function.Function<SampleQueue, DatabaseEndpoints> connect)
            throws SQLException {
        List<EndpointSubscriber.Settings> endpoints = new ArrayList<>();
        List<Map<String, org.tiangong.collector.opcua.NodeTuning>> tunings = new ArrayList<>();
        for (CollectorConfig.Endpoint e : config.endpoints()) {
            Map<String, Integer> nodes = new LinkedHashMap<>();
            tunings.add(tuning(e));
            for (CollectorConfig.Machine m : e.machines()) {
                Map<CanonicalSignal, Integer> ids =
                        registry.registerSignals(m.machinePath(), m.machineKind(), m.signalNodes());
                for (var sn : m.signalNodes().entrySet()) {
                    if (nodes.put(sn.getValue(), ids.get(sn.getKey())) != null) {
                        throw new IllegalArgumentException(
                                "endpoint " + e.name() + ": node " + sn.getValue() + " is mapped twice");
                    }
                }
            }
            endpoints.add(new EndpointSubscriber.Settings(
                            e.name(),
                            e.url(),
                            e.publishingIntervalMillis(),
                            e.samplingIntervalMillis(),
                            e.queueSize(),
                            nodes)
                    .withMaxClockSkew(config.maxClockSkew()));
        }
        List<Integer> allSignals =
                endpoints.stream().flatMap(s -> s.nodes().values().stream()).toList();

        CollectorConfig.Buffer b = config.buffer() == null ? CollectorConfig.Buffer.defaults() : config.buffer();
        SampleBuffer buffer;
        try {
            buffer = SampleBuffer.open(Path.of(b.path()), b.maxSamples(), b.onFullMode());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the buffer " + b.path() + ": " + e.getMessage(), e);
        }
        Map<Integer, Instant> openGaps;
        try {
            openGaps = whereTheLastRunStopped(stored.of(allSignals), buffer, endpoints);
        } catch (SQLException | InterruptedException | SampleBuffer.BufferFullException | RuntimeException e) {
            buffer.close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            if (e instanceof SQLException se) throw se;
            throw new IllegalStateException("cannot read where the last run stopped: " + e.getMessage(), e);
        }

        CollectorConfig.Writer w = config.writer() == null ? CollectorConfig.Writer.defaults() : config.writer();
        SampleQueue queue = new SampleQueue(w.queueCapacity());
        Collector collector = new Collector(queue, buffer);
        try {
            collector.appender =
                    new BatchWriter(queue, buffer::append, w.batchSize(), b.flushIntervalMillis(), "buffer").start();
            AtomicReference<CollectorMetrics> metricsRef = new AtomicReference<>();
            collector.forwarder = new Forwarder(
                            buffer, sink, w.batchSize(), w.flushIntervalMillis(), Clock.systemUTC(), lag -> {
                                CollectorMetrics m = metricsRef.get();
                                if (m != null) m.recordLag(lag);
                            })
                    .start();
            for (int i = 0; i < endpoints.size(); i++) {
                EndpointSubscriber.Settings s = endpoints.get(i);
                Map<Integer, Instant> gaps = new HashMap<>();
                s.nodes().values().forEach(id -> {
                    if (openGaps.containsKey(id)) gaps.put(id, openGaps.get(id));
                });
                EndpointSubscriber subscriber = new EndpointSubscriber(s, queue, gaps);
                // per-node settings of the YAML (scale, offset, value map, sampling, deadband), queued before the
                // connect
                if (!tunings.get(i).isEmpty()) subscriber.reconfigure(s.nodes(), tunings.get(i));
                collector.subscribers.add(subscriber.start());
                log.info(
                        "collecting {} nodes of {} machines from endpoint {} ({})",
                        s.nodes().size(),
                        config.endpoints().get(i).machines().size(),
                        s.name(),
                        s.url());
            }
            if (connect != null) {
                collector.databaseEndpoints = connect.apply(queue).start();
            }
            List<EndpointSubscriber> fromConfig = List.copyOf(collector.subscribers);
            DatabaseEndpoints fromPlatform = collector.databaseEndpoints;
            collector.metrics = new CollectorMetrics(
                    queue,
                    buffer,
                    collector.appender,
                    collector.forwarder,
                    () -> {
                        if (fromPlatform == null) return fromConfig;
                        List<EndpointSubscriber> all = new ArrayList<>(fromConfig);
                        all.addAll(fromPlatform.subscribers());
                        return all;
                    },
                    Clock.systemUTC());
            metricsRef.set(collector.metrics);
            CollectorConfig.Metrics m =
                    config.metrics() == null ? CollectorConfig.Metrics.defaults() : config.metrics();
            if (m.enabled()) {
                CollectorMetrics cm = collector.metrics;
                collector.metricsServer = MetricsServer.start(m.host(), m.port(), cm::scrape);
            }
            return collector;
        } catch (IOException | RuntimeException e) {
            collector.close();
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException("cannot start the metrics endpoint: " + e.getMessage(), e);
        }
    }

    /**
     * The tuning of every node of an endpoint when any of its signals has per-node settings (the others get the
     * endpoint's sampling interval and no conversion); empty when none has, so the endpoint's defaults apply.
     */
    private static Map<String, org.tiangong.collector.opcua.NodeTuning> tuning(CollectorConfig.Endpoint e) {
        Map<String, org.tiangong.collector.opcua.NodeTuning> out = new LinkedHashMap<>();
        boolean any = false;
        for (CollectorConfig.Machine m : e.machines()) {
            for (var entry : m.signals().entrySet()) {
                var s = entry.getValue();
                var conversion =
                        s.conversion(CanonicalSignal.fromKey(entry.getKey()).orElseThrow());
                any |= s.converts(CanonicalSignal.fromKey(entry.getKey()).orElseThrow());
                out.put(
                        s.node(),
                        new org.tiangong.collector.opcua.NodeTuning(
                                s.samplingIntervalMillis() != null
                                        ? s.samplingIntervalMillis()
                                        : e.samplingIntervalMillis(),
                                s.deadband() != null ? s.deadband() : 0,
                                conversion.scale(),
                                conversion.offset(),
                                s.codes()));
            }
        }
        return any ? out : Map.of();
    }

    /**
     * Where the last run of this collector stopped, per signal, from the newest sample of each in the database and in
     * the buffer (which may hold what the database has not got yet). A signal whose newest sample is a gap marker
     * (the run stopped cleanly, or had lost contact) is in a gap from that marker. A signal whose newest sample is a
     * value was cut off by a crash (SIGKILL, power cut): nothing marked where its data ends, and analytics would read
     * the state as held through the downtime. So a marker is written now, 1 µs after the newest sample of any of its
     * endpoint's signals (the last moment the run is known to have been receiving from that endpoint), and the
     * signal is in a gap from there. Returns the signals in a gap with the marker's time.
     */
    private static Map<Integer, Instant> whereTheLastRunStopped(
            Map<Integer, SampleBuffer.Newest> stored, SampleBuffer buffer, List<EndpointSubscriber.Settings> endpoints)
            throws SQLException, InterruptedException, SampleBuffer.BufferFullException {
        Map<Integer, SampleBuffer.Newest> newest = new HashMap<>(stored);
        if (buffer.depth() > 0) {
            buffer.newestPerSignal()
                    .forEach((id, n) -> newest.merge(id, n, (a, x) -> x.timeMicros() >= a.timeMicros() ? x : a));
        }
        Map<Integer, Instant> gaps = new HashMap<>();
        List<Sample> markers = new ArrayList<>();
        for (EndpointSubscriber.Settings e : endpoints) {
            long lastHeard = Long.MIN_VALUE;
            for (Integer id : e.nodes().values()) {
                SampleBuffer.Newest n = newest.get(id);
                if (n != null) lastHeard = Math.max(lastHeard, n.timeMicros());
            }
            for (Integer id : e.nodes().values()) {
                SampleBuffer.Newest n = newest.get(id);
                if (n == null) continue; // never collected: no data before, nothing to close
                if (n.status() == GapMarkers.BAD_NO_COMMUNICATION) {
                    gaps.put(id, new Sample(id, n.timeMicros(), 0, 0).time());
                    continue;
                }
                Sample marker = new Sample(id, lastHeard + 1, Double.NaN, GapMarkers.BAD_NO_COMMUNICATION);
                markers.add(marker);
                gaps.put(id, marker.time());
            }
        }
        if (!markers.isEmpty()) {
            buffer.append(markers);
            log.info(
                    "the last run stopped without closing its data: gap marked for {} signals from where it stopped",
                    markers.size());
        }
        return gaps;
    }

    private static Map<Integer, SampleBuffer.Newest> newestStored(DataSource ds, List<Integer> signals)
            throws SQLException {
        Map<Integer, SampleBuffer.Newest> newest = new HashMap<>();
        if (signals.isEmpty()) return newest;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT signal_id, time, status FROM signal_latest WHERE signal_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("integer", signals.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant t = rs.getObject(2, OffsetDateTime.class).toInstant();
                    newest.put(rs.getInt(1), new SampleBuffer.Newest(Sample.toMicros(t), rs.getInt(3)));
                }
            }
        }
        return newest;
    }

    /**
     * The database side, in the shape the writer has always reported: stored, duplicates, failed writes, batches
     * and latency from the forwarder; the in-memory queue's depth; samples abandoned at shutdown before reaching the
     * buffer.
     */
    public BatchWriter.Stats writerStats() {
        Forwarder.Stats f = forwarder.stats();
        return new BatchWriter.Stats(
                f.stored(),
                f.duplicates(),
                f.failedWrites(),
                f.batches(),
                f.lastBatchMillis(),
                queue.depth(),
                appender.stats().abandoned());
    }

    public Forwarder.Stats forwarderStats() {
        return forwarder.stats();
    }

    public List<EndpointSubscriber.Stats> endpointStats() {
        return subscribers.stream().map(EndpointSubscriber::stats).toList();
    }

    /** The endpoints saved through the platform that this collector follows, when it does. */
    public java.util.Optional<DatabaseEndpoints> databaseEndpoints() {
        return java.util.Optional.ofNullable(databaseEndpoints);
    }

    public List<EndpointSubscriber> databaseSubscribers() {
        return databaseEndpoints == null ? List.of() : databaseEndpoints.subscribers();
    }

    public SampleQueue queue() {
        return queue;
    }

    /** The store-and-forward buffer: depth, dropped, appended. */
    public SampleBuffer buffer() {
        return buffer;
    }

    /** The Prometheus text exposition of the collector's metrics. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    /** The port of the metrics endpoint, when it is enabled. */
    public OptionalInt metricsPort() {
        return metricsServer == null ? OptionalInt.empty() : OptionalInt.of(metricsServer.port());
    }

    /**
     * Stops the subscriptions first (no new samples; each signal gets a gap marker), commits what is queued to the
     * buffer, forwards from the buffer for up to 5 s, and closes the buffer: what is still in it is forwarded by the
     * next run.
     */
    @Override
    public void close() {
        if (databaseEndpoints != null) databaseEndpoints.close();
        subscribers.forEach(EndpointSubscriber::close);
        if (appender != null) appender.close(APPEND_GRACE);
        if (forwarder != null) forwarder.close(FORWARD_GRACE);
        if (metricsServer != null) metricsServer.close();
        buffer.close();
    }
}
