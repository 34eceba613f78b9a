package org.tiangong.collector.mqtt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.topology.TopologyRegistry;

/**
 * Sample identity at the centre: enterprise and plant from the topic, {@code line/machine/signal} from the metric
 * name → the telemetry signal id (looked up once, then cached). A plant's NBIRTH registers the machines and signals
 * it names ({@link TopologyRegistry#registerSignals}), always under the topic's enterprise and plant, so a plant's
 * credentials (confined by the broker's ACL to its topics) can never write into another plant.
 */
final class SignalResolver {

    private final DataSource dataSource;
    private final TopologyRegistry registry;
    private final Map<String, Integer> cache = new ConcurrentHashMap<>();

    SignalResolver(DataSource dataSource) {
        this.dataSource = dataSource;
        this.registry = new TopologyRegistry(dataSource);
    }

    /** The signal id, when the signal is known; empty for a malformed name or a signal not registered. */
    Optional<Integer> resolve(PlantTopic topic, String metric) throws SQLException {
        String key = topic.enterprise() + "/" + topic.plant() + "/" + metric;
        Integer id = cache.get(key);
        if (id != null) return Optional.of(id);
        String[] p = metric.split("/", -1);
        if (p.length != 3) return Optional.empty();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT s.id FROM signal s
                          JOIN machine m ON m.id = s.machine_id
                          JOIN line l ON l.id = m.line_id
                          JOIN plant p ON p.id = l.plant_id
                          JOIN enterprise e ON e.id = p.enterprise_id
                         WHERE e.code = ? AND p.code = ? AND l.code = ? AND m.code = ? AND s.name = ?""")) {
            ps.setString(1, topic.enterprise());
            ps.setString(2, topic.plant());
            ps.setString(3, p[0]);
            ps.setString(4, p[1]);
            ps.setString(5, p[2]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                cache.put(key, rs.getInt(1));
                return Optional.of(rs.getInt(1));
            }
        }
    }

    /**
     * Registers the signals of a birth under the topic's enterprise and plant.
     *
     * @return what could not be registered (a malformed name, an unknown kind or signal), one reason each
     */
    List<String> register(PlantTopic topic, List<SparkplugCodec.BirthSignal> signals) throws SQLException {
        List<String> refused = new ArrayList<>();
        Map<String, Map<CanonicalSignal, String>> byMachine = new LinkedHashMap<>();
        Map<String, MachineKind> kinds = new LinkedHashMap<>();
        for (SparkplugCodec.BirthSignal b : signals) {
            String[] p = b.metric().split("/", -1);
            Optional<CanonicalSignal> signal = p.length == 3 ? CanonicalSignal.fromKey(p[2]) : Optional.empty();
            Optional<MachineKind> kind = MachineKind.fromCode(b.kind());
            if (signal.isEmpty() || kind.isEmpty() || p[0].isEmpty() || p[1].isEmpty()) {
                refused.add(
                        b.metric() + " (kind " + b.kind() + "): not line/machine/<canonical signal> of a known kind");
                continue;
            }
            String machine = p[0] + "/" + p[1];
            byMachine.computeIfAbsent(machine, k -> new LinkedHashMap<>()).put(signal.get(), b.node());
            kinds.put(machine, kind.get());
        }
        for (var m : byMachine.entrySet()) {
            String[] lm = m.getKey().split("/");
            MachinePath path = new MachinePath(topic.enterprise(), topic.plant(), lm[0], lm[1]);
            Map<CanonicalSignal, Integer> ids = registry.registerSignals(path, kinds.get(m.getKey()), m.getValue());
            ids.forEach((signal, id) ->
                    cache.put(topic.enterprise() + "/" + topic.plant() + "/" + m.getKey() + "/" + signal.key(), id));
        }
        return refused;
    }
}
