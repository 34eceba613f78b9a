package org.tiangong.analytics.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/**
 * What one plant's edge collector collects, read in a few queries: the mapped nodes of the plant's machines with the
 * machine's path ({@code ENTERPRISE/PLANT/LINE/MACHINE} by code) and kind, and the templates that apply to the plant's
 * machine models. The endpoints themselves, their tuning and allow-lists come from {@link ConnectStore}. Blocking.
 */
public final class PlantMappings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final ConnectStore connect;

    public PlantMappings(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.connect = new ConnectStore(dataSource);
    }

    /** The plant and its enterprise, by id and code. */
    public record Plant(UUID id, String code, UUID enterpriseId, String enterpriseCode) {}

    /** One mapped node of a machine of the plant. */
    public record Node(UUID machineId, String machinePath, String machineKind, MappingEntry mapping) {}

    public Optional<Plant> plant(UUID plantId) throws SQLException {
        return jdbc.one(
                "SELECT p.id, p.code, e.id, e.code FROM plant p JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = ?",
                rs -> new Plant(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4)),
                plantId);
    }

    /** Every mapped node of the plant's machines, ordered by endpoint and node. */
    public List<Node> nodes(UUID plantId) throws SQLException {
        return jdbc.list(
                "SELECT sm.*, m.kind, e.code || '/' || p.code || '/' || l.code || '/' || m.code AS path "
                        + "FROM signal_mapping sm JOIN machine m ON m.id = sm.machine_id JOIN line l ON l.id = m.line_id "
                        + "JOIN plant p ON p.id = l.plant_id JOIN enterprise e ON e.id = p.enterprise_id "
                        + "WHERE p.id = ? ORDER BY sm.endpoint_id, sm.node_id",
                rs -> new Node(
                        rs.getObject("machine_id", UUID.class),
                        rs.getString("path"),
                        rs.getString("kind"),
                        new MappingEntry(
                                rs.getString("signal"),
                                rs.getObject("endpoint_id", UUID.class),
                                rs.getString("node_id"),
                                rs.getDouble("sampling_interval_ms"),
                                rs.getDouble("deadband"),
                                rs.getDouble("scale"),
                                rs.getDouble("value_offset"),
                                rs.getString("unit"),
                                valueMap(rs.getString("value_map")))),
                plantId);
    }

    /**
     * The templates for the models of the plant's machines: the enterprise's own and those of vendors granted a
     * machine of the plant (what the Connect wizard would offer for these machines).
     */
    public List<MappingTemplate> templates(UUID plantId) throws SQLException {
        List<UUID> ids = jdbc.list(
                "SELECT t.id FROM mapping_template t JOIN plant p ON p.id = ? "
                        + "WHERE t.model IN (SELECT m.model FROM machine m JOIN line l ON l.id = m.line_id "
                        + "WHERE l.plant_id = p.id AND m.model IS NOT NULL) "
                        + "AND (t.enterprise_id = p.enterprise_id OR t.vendor_id IN (SELECT g.vendor_id FROM device_grant g "
                        + "JOIN machine m ON m.id = g.machine_id JOIN line l ON l.id = m.line_id WHERE l.plant_id = p.id)) "
                        + "ORDER BY t.model, t.name, t.id",
                rs -> rs.getObject(1, UUID.class),
                plantId);
        List<MappingTemplate> out = new java.util.ArrayList<>();
        for (UUID id : ids) connect.template(id).ifPresent(out::add);
        return out;
    }

    private static Map<Long, Double> valueMap(String json) throws SQLException {
        if (json == null) return Map.of();
        try {
            Map<String, Double> raw = JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
            Map<Long, Double> out = new TreeMap<>();
            raw.forEach((k, v) -> out.put(Long.parseLong(k), v));
            return out;
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new SQLException("unreadable value_map " + json, e);
        }
    }
}
