package org.tiangong.collector.mqtt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.Collector;

/**
 * The edge's own signal ids: an edge collector has no connection to the central database, so its buffer keys samples
 * by ids from this small plant-local registry, and the publisher turns each id back into the sample's identity on
 * the wire (enterprise and plant in the topic, {@code line/machine/signal} as the metric name). The ids are kept in a
 * JSON file next to the buffer ({@code <buffer>.signals.json}, written to a temporary file, fsynced and moved in place),
 * so what a buffer holds after a restart still means the same signals; ids are never reused.
 */
public final class EdgeSignals implements Collector.SignalRegistrar {

    /** One registered signal. */
    public record Entry(int id, String path, String kind, String signal, String node) {
        public MachinePath machinePath() {
            return MachinePath.parse(path);
        }

        /** The Sparkplug metric name: {@code line/machine/signal}. */
        public String metric() {
            MachinePath p = machinePath();
            return p.line() + "/" + p.machine() + "/" + signal;
        }

        public PlantTopic topic(String type) {
            MachinePath p = machinePath();
            return new PlantTopic(p.enterprise(), type, p.plant());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Entry> byKey = new LinkedHashMap<>();
    private final Map<Integer, Entry> byId = new HashMap<>();

    private EdgeSignals(Path file) {
        this.file = file;
    }

    /** Opens the registry of the buffer file {@code buffer} ({@code <buffer>.signals.json}; created when missing). */
    public static EdgeSignals forBuffer(Path buffer) throws IOException {
        Path file = buffer.resolveSibling(buffer.getFileName() + ".signals.json");
        EdgeSignals s = new EdgeSignals(file);
        if (Files.exists(file)) {
            List<Entry> entries = JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
            for (Entry e : entries) s.put(e);
        }
        return s;
    }

    private void put(Entry e) {
        byKey.put(e.path() + "/" + e.signal(), e);
        byId.put(e.id(), e);
    }

    @Override
    public synchronized Map<CanonicalSignal, Integer> registerSignals(
            MachinePath path, MachineKind kind, Map<CanonicalSignal, String> sourceNodes) throws SQLException {
        Map<CanonicalSignal, Integer> ids = new EnumMap<>(CanonicalSignal.class);
        boolean changed = false;
        int next = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        for (Map.Entry<CanonicalSignal, String> s : sourceNodes.entrySet()) {
            String key = path + "/" + s.getKey().key();
            Entry old = byKey.get(key);
            Entry now = new Entry(
                    old != null ? old.id() : next++,
                    path.toString(),
                    kind.code(),
                    s.getKey().key(),
                    s.getValue());
            if (!now.equals(old)) {
                put(now);
                changed = true;
            }
            ids.put(s.getKey(), now.id());
        }
        if (changed) {
            try {
                save();
            } catch (IOException e) {
                throw new SQLException("cannot save the edge's signal ids to " + file + ": " + e.getMessage(), e);
            }
        }
        return ids;
    }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(byKey.values())));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public synchronized Optional<Entry> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized List<Entry> all() {
        return List.copyOf(byKey.values());
    }
}
