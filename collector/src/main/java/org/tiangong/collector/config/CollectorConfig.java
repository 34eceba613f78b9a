package org.tiangong.collector.config;

import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the collector collects: OPC UA endpoints and, per machine, which node feeds which canonical signal.
 *
 * <pre>
 * writer: {batchSize: 5000, flushIntervalMillis: 500, queueCapacity: 200000}
 * endpoints:
 *   - name: plant-sim
 *     url: opc.tcp://localhost:4840/tiangong
 *     samplingIntervalMillis: 500
 *     queueSize: 10
 *     machines:
 *       - path: JH-METAL/YK1/L1/CNC-01
 *         kind: cnc
 *         signals: {state: "nsu=urn:tiangong:sim;s=L1/CNC-01/state", ...}
 * </pre>
 */
public record CollectorConfig(Writer writer, List<Endpoint> endpoints) {

    /**
     * @param batchSize           most samples per COPY
     * @param flushIntervalMillis longest a sample waits before its batch is written
     * @param queueCapacity       samples held in memory between OPC UA and the writer; when full, OPC UA listeners wait
     */
    public record Writer(Integer batchSize, Long flushIntervalMillis, Integer queueCapacity) {
        public static Writer defaults() {
            return new Writer(5000, 500L, 200_000);
        }
    }

    public record Endpoint(String name, String url, Double publishingIntervalMillis, Double samplingIntervalMillis,
                           Integer queueSize, List<Machine> machines) {}

    public record Machine(String path, String kind, Map<String, String> signals) {

        public MachinePath machinePath() {
            return MachinePath.parse(path);
        }

        public MachineKind machineKind() {
            return MachineKind.fromCode(kind).orElseThrow();
        }

        /** The mapping with canonical signal names resolved; valid only after {@link CollectorConfig#validated}. */
        public Map<CanonicalSignal, String> signalNodes() {
            Map<CanonicalSignal, String> out = new LinkedHashMap<>();
            signals.forEach((k, v) -> out.put(CanonicalSignal.fromKey(k).orElseThrow(), v));
            return out;
        }
    }

    private static final Pattern NODE_ID = Pattern.compile("^(nsu=[^;]+;|ns=\\d+;)?(s|i|g|b)=.+$");

    /** Reads and validates a collector config file. */
    public static CollectorConfig load(Path file) {
        return new YamlConfigLoader().load(file, CollectorConfig.class).validated(file.toString());
    }

    /** Fills defaults and checks what Jackson cannot; errors name the file and the key. */
    public CollectorConfig validated(String file) {
        Writer w = writer == null ? Writer.defaults() : writer;
        Writer d = Writer.defaults();
        w = new Writer(w.batchSize() == null ? d.batchSize() : w.batchSize(),
                w.flushIntervalMillis() == null ? d.flushIntervalMillis() : w.flushIntervalMillis(),
                w.queueCapacity() == null ? d.queueCapacity() : w.queueCapacity());
        if (w.batchSize() < 1 || w.batchSize() > 1_000_000) throw ConfigException.at(file, -1, "writer.batchSize", "must be 1..1000000");
        if (w.flushIntervalMillis() < 10) throw ConfigException.at(file, -1, "writer.flushIntervalMillis", "must be at least 10");
        if (w.queueCapacity() < w.batchSize()) throw ConfigException.at(file, -1, "writer.queueCapacity", "must be at least batchSize");
        if (endpoints == null || endpoints.isEmpty()) throw ConfigException.at(file, -1, "endpoints", "at least one endpoint is required");
        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            String key = "endpoints[" + i + "]";
            if (e.name() == null || e.name().isBlank()) throw ConfigException.at(file, -1, key + ".name", "is required");
            if (!names.add(e.name())) throw ConfigException.at(file, -1, key + ".name", "duplicate endpoint name " + e.name());
            if (e.url() == null || !e.url().matches("opc\\.tcp://[^/\\s:]+(:\\d{1,5})?(/.*)?")) {
                throw ConfigException.at(file, -1, key + ".url", "must look like opc.tcp://host:4840/path, got " + e.url());
            }
            double sampling = e.samplingIntervalMillis() == null ? 500 : e.samplingIntervalMillis();
            double publishing = e.publishingIntervalMillis() == null ? Math.max(100, sampling) : e.publishingIntervalMillis();
            int queue = e.queueSize() == null ? 10 : e.queueSize();
            if (sampling < 0) throw ConfigException.at(file, -1, key + ".samplingIntervalMillis", "must not be negative");
            if (publishing < 10) throw ConfigException.at(file, -1, key + ".publishingIntervalMillis", "must be at least 10");
            if (queue < 1 || queue > 10_000) throw ConfigException.at(file, -1, key + ".queueSize", "must be 1..10000");
            if (e.machines() == null || e.machines().isEmpty()) throw ConfigException.at(file, -1, key + ".machines", "at least one machine is required");
            for (int j = 0; j < e.machines().size(); j++) {
                Machine m = e.machines().get(j);
                String mk = key + ".machines[" + j + "]";
                try {
                    MachinePath.parse(m.path());
                } catch (IllegalArgumentException ex) {
                    throw ConfigException.at(file, -1, mk + ".path", ex.getMessage());
                }
                if (!paths.add(m.path())) throw ConfigException.at(file, -1, mk + ".path", "machine " + m.path() + " is mapped twice");
                if (m.kind() == null || MachineKind.fromCode(m.kind()).isEmpty()) {
                    throw ConfigException.at(file, -1, mk + ".kind", "must be one of cnc, press, welder, furnace; got " + m.kind());
                }
                if (m.signals() == null || m.signals().isEmpty()) throw ConfigException.at(file, -1, mk + ".signals", "at least one signal is required");
                for (Map.Entry<String, String> s : m.signals().entrySet()) {
                    if (CanonicalSignal.fromKey(s.getKey()).isEmpty()) {
                        throw ConfigException.at(file, -1, mk + ".signals." + s.getKey(), "not a canonical signal (state, parts_good, parts_scrap, "
                                + "cycle_time, spindle_load, spindle_speed, press_force, stroke_rate, weld_current, weld_voltage, "
                                + "furnace_temp, furnace_setpoint, power, energy, alarm_code)");
                    }
                    if (s.getValue() == null || !NODE_ID.matcher(s.getValue()).matches()) {
                        throw ConfigException.at(file, -1, mk + ".signals." + s.getKey(),
                                "not an OPC UA node id like ns=2;s=Line1/M1/State or nsu=urn:x;s=...; got " + s.getValue());
                    }
                }
            }
            out.add(new Endpoint(e.name(), e.url(), publishing, sampling, queue, List.copyOf(e.machines())));
        }
        return new CollectorConfig(w, List.copyOf(out));
    }
}
