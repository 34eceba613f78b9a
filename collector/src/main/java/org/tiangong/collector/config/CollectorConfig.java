package org.tiangong.collector.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.buffer.SampleBuffer;

/**
 * What the collector collects: OPC UA endpoints and, per machine, which node feeds which canonical signal.
 *
 * <pre>
 * writer: {batchSize: 5000, flushIntervalMillis: 500, queueCapacity: 200000}
 * buffer: {path: collector-buffer.db, maxSamples: 10000000, flushIntervalMillis: 200, onFull: drop-oldest}
 * metrics: {host: 0.0.0.0, port: 9464}
 * maxClockSkewSeconds: 300
 * endpoints:
 *   - name: plant-sim
 *     url: opc.tcp://localhost:4840/tiangong
 *     samplingIntervalMillis: 500
 *     queueSize: 10
 *     machines:
 *       - path: JH-METAL/YK1/L1/CNC-01
 *         kind: cnc
 *         signals:
 *           state: "nsu=urn:tiangong:sim;s=L1/CNC-01/state"
 *           cycle_time: {node: "nsu=urn:tiangong:sim;s=L1/CNC-01/CycleTimeMs", scale: 0.001, unit: ms}
 * </pre>
 *
 * Boxed fields are {@code null} where the file left a key out; {@link #validated} fills the defaults, so a config
 * that came through {@link #load} or {@code validated} has none. Each node feeds one signal, each machine is
 * mapped once.
 */
public record CollectorConfig(
        Writer writer, Buffer buffer, Metrics metrics, Long maxClockSkewSeconds, List<Endpoint> endpoints) {

    public static final long DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

    /** Default buffer, metrics and clock skew. */
    public CollectorConfig(Writer writer, List<Endpoint> endpoints) {
        this(writer, null, null, null, endpoints);
    }

    /**
     * The database side.
     *
     * @param batchSize           most samples per COPY (and per buffer transaction)
     * @param flushIntervalMillis longest the forwarder waits to fill a batch before it writes a partial one
     * @param queueCapacity       samples held in memory between OPC UA and the buffer; when full, OPC UA listeners wait
     */
    public record Writer(Integer batchSize, Long flushIntervalMillis, Integer queueCapacity) {
        public static Writer defaults() {
            return new Writer(5000, 500L, 200_000);
        }
    }

    /**
     * The store-and-forward buffer on local disk.
     *
     * @param path                the SQLite file (relative paths: from the working directory); created when missing
     * @param maxSamples          the size limit, in samples (about 30 bytes each on disk)
     * @param flushIntervalMillis longest a received sample waits in memory before it is committed to the buffer (one
     *                            fsync per interval): the most a crash of the collector can lose
     * @param onFull              {@code drop-oldest} (keep collecting, drop and count the oldest) or {@code block}
     *                            (keep the oldest, the queue and then OPC UA wait)
     */
    public record Buffer(String path, Long maxSamples, Long flushIntervalMillis, String onFull) {
        public static Buffer defaults() {
            return new Buffer("collector-buffer.db", 10_000_000L, 200L, SampleBuffer.OnFull.DROP_OLDEST.key());
        }

        public Buffer withPath(Path file) {
            return new Buffer(file.toString(), maxSamples, flushIntervalMillis, onFull);
        }

        /** A relative path resolved in {@code dataDir}, where the next run finds what this one left. */
        public Buffer inDataDir(Path dataDir) {
            return Path.of(path).isAbsolute() ? this : withPath(dataDir.resolve(path));
        }

        public Buffer withMaxSamples(long max) {
            return new Buffer(path, max, flushIntervalMillis, onFull);
        }

        public SampleBuffer.OnFull onFullMode() {
            return SampleBuffer.OnFull.fromKey(onFull).orElseThrow();
        }
    }

    /**
     * The Prometheus endpoint, {@code http://host:port/metrics}.
     *
     * @param enabled default true
     * @param host    the address to bind; default 0.0.0.0
     * @param port    default 9464; 0 picks a free port
     */
    public record Metrics(Boolean enabled, String host, Integer port) {
        public static Metrics defaults() {
            return new Metrics(true, "0.0.0.0", 9464);
        }

        public static Metrics disabled() {
            return new Metrics(false, "0.0.0.0", 0);
        }

        /** Any free port on loopback: for tests and the demo. */
        public static Metrics anyPort() {
            return new Metrics(true, "127.0.0.1", 0);
        }
    }

    public Duration maxClockSkew() {
        return Duration.ofSeconds(maxClockSkewSeconds == null ? DEFAULT_MAX_CLOCK_SKEW_SECONDS : maxClockSkewSeconds);
    }

    public CollectorConfig withBuffer(Buffer b) {
        return new CollectorConfig(writer, b, metrics, maxClockSkewSeconds, endpoints);
    }

    public CollectorConfig withMetrics(Metrics m) {
        return new CollectorConfig(writer, buffer, m, maxClockSkewSeconds, endpoints);
    }

    /**
     * @param url                      {@code opc.tcp://host[:port][/path]}; the host and port given here are used even
     *                                 when the server advertises other ones (as servers behind NAT or with bare host
     *                                 names often do)
     * @param publishingIntervalMillis how often the server sends what changed; default max(100, sampling)
     * @param samplingIntervalMillis   how often the server samples each node; 0 = every change; default 500
     * @param queueSize                values the server keeps per node between publishes; default 10, oldest
     *                                 discarded first (with the Overflow bit set)
     */
    public record Endpoint(
            String name,
            String url,
            Double publishingIntervalMillis,
            Double samplingIntervalMillis,
            Integer queueSize,
            List<Machine> machines) {}

    /**
     * @param path    {@code ENTERPRISE/PLANT/LINE/MACHINE} codes
     * @param kind    cnc, press, welder or furnace
     * @param signals canonical signal key → OPC UA node id ({@code ns=2;s=…} or, robust to index changes, {@code nsu=…;s=…}),
     *                alone or with per-node settings ({@link SignalSource})
     */
    public record Machine(String path, String kind, Map<String, SignalSource> signals) {

        /** A machine whose signals are plain node ids. */
        public static Machine ofNodes(String path, String kind, Map<String, String> nodes) {
            Map<String, SignalSource> signals = new LinkedHashMap<>();
            nodes.forEach((k, v) -> signals.put(k, SignalSource.of(v)));
            return new Machine(path, kind, signals);
        }

        public MachinePath machinePath() {
            return MachinePath.parse(path);
        }

        public MachineKind machineKind() {
            return MachineKind.fromCode(kind).orElseThrow();
        }

        /** The mapping with canonical signal names resolved; valid only after {@link CollectorConfig#validated}. */
        public Map<CanonicalSignal, String> signalNodes() {
            Map<CanonicalSignal, String> out = new LinkedHashMap<>();
            signals.forEach((k, v) -> out.put(CanonicalSignal.fromKey(k).orElseThrow(), v.node()));
            return out;
        }
    }

    /** Reads and validates a collector config file; errors name the file, the line and the key. */
    public static CollectorConfig load(Path file) {
        return new YamlConfigLoader().load(file, CollectorConfig.class).validated(file.toString(), KeyLines.of(file));
    }

    /** Fills defaults and checks what Jackson cannot, for a config that did not come from a file. */
    public CollectorConfig validated(String source) {
        return validated(source, KeyLines.none());
    }

    /** Fills defaults and checks what Jackson cannot; errors name the file, the line (when known) and the key. */
    public CollectorConfig validated(String file, KeyLines lines) {
        Check check = new Check(file, lines);
        Writer d = Writer.defaults();
        Writer w = writer == null
                ? d
                : new Writer(
                        writer.batchSize() == null ? d.batchSize() : writer.batchSize(),
                        writer.flushIntervalMillis() == null ? d.flushIntervalMillis() : writer.flushIntervalMillis(),
                        writer.queueCapacity() == null ? d.queueCapacity() : writer.queueCapacity());
        check.that(w.batchSize() >= 1 && w.batchSize() <= 1_000_000, "writer.batchSize", "must be 1..1000000");
        check.that(w.flushIntervalMillis() >= 10, "writer.flushIntervalMillis", "must be at least 10");
        check.that(
                w.queueCapacity() >= w.batchSize(),
                "writer.queueCapacity",
                "must be at least batchSize (" + w.batchSize() + ")");

        Buffer bd = Buffer.defaults();
        Buffer b = buffer == null
                ? bd
                : new Buffer(
                        buffer.path() == null ? bd.path() : buffer.path(),
                        buffer.maxSamples() == null ? bd.maxSamples() : buffer.maxSamples(),
                        buffer.flushIntervalMillis() == null ? bd.flushIntervalMillis() : buffer.flushIntervalMillis(),
                        buffer.onFull() == null ? bd.onFull() : buffer.onFull());
        check.that(!b.path().isBlank(), "buffer.path", "must name a file");
        try {
            Path.of(b.path());
        } catch (InvalidPathException e) {
            throw check.error("buffer.path", "not a file path: " + e.getMessage());
        }
        check.that(
                b.maxSamples() >= 2L * w.batchSize(),
                "buffer.maxSamples",
                "must be at least twice writer.batchSize (" + 2L * w.batchSize() + ")");
        check.that(
                b.flushIntervalMillis() >= 10 && b.flushIntervalMillis() <= 60_000,
                "buffer.flushIntervalMillis",
                "must be 10..60000");
        check.that(
                SampleBuffer.OnFull.fromKey(b.onFull()).isPresent(),
                "buffer.onFull",
                "must be drop-oldest or block; got " + b.onFull());

        Metrics md = Metrics.defaults();
        Metrics mt = metrics == null
                ? md
                : new Metrics(
                        metrics.enabled() == null ? md.enabled() : metrics.enabled(),
                        metrics.host() == null ? md.host() : metrics.host(),
                        metrics.port() == null ? md.port() : metrics.port());
        check.that(!mt.host().isBlank(), "metrics.host", "must be an address to bind, e.g. 0.0.0.0 or 127.0.0.1");
        check.that(mt.port() >= 0 && mt.port() <= 65_535, "metrics.port", "must be 0..65535 (0 = any free port)");

        long skew = maxClockSkewSeconds == null ? DEFAULT_MAX_CLOCK_SKEW_SECONDS : maxClockSkewSeconds;
        check.that(skew >= 0 && skew <= 366L * 24 * 3600, "maxClockSkewSeconds", "must be 0..31622400");

        // no endpoints in the file is fine: the collector then collects what is saved through the platform
        List<Endpoint> endpoints = this.endpoints == null ? List.of() : this.endpoints;

        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            String key = "endpoints[" + i + "]";
            check.that(e != null, key, "is empty");
            check.that(e.name() != null && !e.name().isBlank(), key + ".name", "is required");
            check.that(names.add(e.name()), key + ".name", "duplicate endpoint name " + e.name());
            check.url(e.url(), key + ".url");
            double sampling = e.samplingIntervalMillis() == null ? 500 : e.samplingIntervalMillis();
            // sampling 0 means "every change"; publishing faster than 100 ms only adds round trips
            double publishing =
                    e.publishingIntervalMillis() == null ? Math.max(100, sampling) : e.publishingIntervalMillis();
            int queue = e.queueSize() == null ? 10 : e.queueSize();
            check.that(sampling >= 0, key + ".samplingIntervalMillis", "must not be negative (0 = every change)");
            check.that(publishing >= 10, key + ".publishingIntervalMillis", "must be at least 10");
            check.that(queue >= 1 && queue <= 10_000, key + ".queueSize", "must be 1..10000");
            check.that(
                    e.machines() != null && !e.machines().isEmpty(),
                    key + ".machines",
                    "at least one machine is required");
            Map<String, String> nodesSeen = new HashMap<>();
            for (int j = 0; j < e.machines().size(); j++) {
                Machine m = e.machines().get(j);
                String mk = key + ".machines[" + j + "]";
                check.that(m != null, mk, "is empty");
                try {
                    MachinePath.parse(m.path());
                } catch (IllegalArgumentException ex) {
                    throw check.error(mk + ".path", ex.getMessage());
                }
                check.that(paths.add(m.path()), mk + ".path", "machine " + m.path() + " is mapped twice");
                check.that(
                        m.kind() != null && MachineKind.fromCode(m.kind()).isPresent(),
                        mk + ".kind",
                        "must be one of " + KINDS + "; got " + m.kind());
                check.that(
                        m.signals() != null && !m.signals().isEmpty(),
                        mk + ".signals",
                        "at least one signal is required");
                for (Map.Entry<String, SignalSource> s : m.signals().entrySet()) {
                    String sk = mk + ".signals." + s.getKey();
                    check.that(
                            CanonicalSignal.fromKey(s.getKey()).isPresent(),
                            sk,
                            "not a canonical signal (" + SIGNALS + ")");
                    check.that(s.getValue() != null, sk, "needs a node id, alone or as {node: ..., scale: ...}");
                    SignalSource src = s.getValue();
                    String nodeKey = src.hasSettings() || src.unit() != null ? sk + ".node" : sk;
                    check.nodeId(src.node(), nodeKey);
                    check.signalSettings(src, sk);
                    check.that(src.unitProblem(s.getKey()) == null, sk + ".unit", src.unitProblem(s.getKey()));
                    // one monitored item feeds one signal: a node mapped twice would silently feed only one of them
                    String earlier = nodesSeen.putIfAbsent(src.node(), sk);
                    check.that(earlier == null, sk, "node " + src.node() + " is already mapped by " + earlier);
                }
            }
            out.add(new Endpoint(e.name(), e.url(), publishing, sampling, queue, List.copyOf(e.machines())));
        }
        return new CollectorConfig(w, b, mt, skew, List.copyOf(out));
    }

    private static final String KINDS =
            Arrays.stream(MachineKind.values()).map(MachineKind::code).collect(Collectors.joining(", "));
    private static final String SIGNALS =
            Arrays.stream(CanonicalSignal.values()).map(CanonicalSignal::key).collect(Collectors.joining(", "));

    /** Throws a {@link ConfigException} at a key, with the key's line when the file is known. */
    private record Check(String file, KeyLines lines) {

        void that(boolean ok, String key, String problem) {
            if (!ok) throw error(key, problem);
        }

        ConfigException error(String key, String problem) {
            return ConfigException.at(file, lines.lineOf(key), key, problem);
        }

        void url(String url, String key) {
            String expected = "must look like opc.tcp://host:4840/path, got " + url;
            if (url == null) throw error(key, expected);
            try {
                URI uri = new URI(url);
                that(
                        "opc.tcp".equals(uri.getScheme())
                                && uri.getHost() != null
                                && uri.getPort() <= 65_535
                                && uri.getPort() != 0
                                && uri.getUserInfo() == null,
                        key,
                        expected);
            } catch (URISyntaxException e) {
                throw error(key, expected + " (" + e.getReason() + ")");
            }
        }

        /** The per-node settings: the same ranges as a mapping saved through the platform. */
        void signalSettings(SignalSource s, String key) {
            finite(s.scale(), key + ".scale", -1e12, 1e12);
            finite(s.offset(), key + ".offset", -1e12, 1e12);
            finite(s.samplingIntervalMillis(), key + ".samplingIntervalMillis", 0, 3_600_000);
            finite(s.deadband(), key + ".deadband", 0, 1e12);
            that(
                    s.unit() == null || (!s.unit().isBlank() && s.unit().length() <= 20),
                    key + ".unit",
                    "must be 1 to 20 characters, e.g. ms");
            if (s.valueMap() == null) return;
            that(s.valueMap().size() <= 1000, key + ".valueMap", "may have at most 1000 codes");
            for (Map.Entry<String, Double> e : s.valueMap().entrySet()) {
                String vk = key + ".valueMap." + e.getKey();
                try {
                    Long.parseLong(e.getKey().trim());
                } catch (NumberFormatException ex) {
                    throw error(vk, "codes must be whole numbers, e.g. \"2\": 4");
                }
                that(e.getValue() != null && Double.isFinite(e.getValue()), vk, "must be a number");
            }
        }

        private void finite(Double v, String key, double min, double max) {
            that(
                    v == null || (Double.isFinite(v) && v >= min && v <= max),
                    key,
                    "must be a number from " + min + " to " + max);
        }

        void nodeId(String text, String key) {
            String expected = "not an OPC UA node id like ns=2;s=Line1/M1/State or nsu=urn:example;s=...; got " + text;
            if (text == null) throw error(key, expected);
            ExpandedNodeId id;
            try {
                id = ExpandedNodeId.parse(text);
            } catch (RuntimeException e) {
                throw error(key, expected);
            }
            that(
                    id.isLocal(),
                    key,
                    "node " + text + " is on another server (svr=); only this endpoint's nodes can be mapped");
            that(!id.getIdentifier().toString().isEmpty(), key, expected);
        }
    }
}
