package org.tiangong.analytics.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.CanonicalSignal;

/**
 * Storage of OPC UA endpoints, signal mappings and mapping templates (migration V15). Every write of endpoints or
 * mappings moves {@link #revision()} on (a trigger), which running collectors poll to reload in place.
 * Blocking (JDBC).
 */
public final class ConnectStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final DataSource dataSource;

    public ConnectStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.dataSource = dataSource;
    }

    /** The enterprises' allow-lists of endpoint targets, on the same database. */
    public EndpointTargetStore targets() {
        return new EndpointTargetStore(dataSource);
    }

    // ---- endpoints ------------------------------------------------------------------------------------------

    private static final String ENDPOINT_COLUMNS =
            "id, enterprise_id, vendor_id, name, url, security_policy, security_mode, "
                    + "auth_type, username, password_enc, allow_untrusted, created_at, updated_at";

    private static OpcEndpoint endpoint(ResultSet rs) throws SQLException {
        return new OpcEndpoint(
                rs.getObject("id", UUID.class),
                rs.getObject("enterprise_id", UUID.class),
                rs.getObject("vendor_id", UUID.class),
                rs.getString("name"),
                rs.getString("url"),
                rs.getString("security_policy"),
                rs.getString("security_mode"),
                rs.getString("auth_type"),
                rs.getString("username"),
                rs.getBytes("password_enc"),
                rs.getBoolean("allow_untrusted"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }

    /** A new endpoint id, so the password can be sealed for it before the row exists. */
    public static UUID newEndpointId() {
        return UUID.randomUUID();
    }

    public OpcEndpoint createEndpoint(OpcEndpoint e, UUID createdBy) throws SQLException {
        return jdbc.one(
                        "INSERT INTO opcua_endpoint (id, enterprise_id, vendor_id, name, url, security_policy, security_mode, "
                                + "auth_type, username, password_enc, allow_untrusted, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                + "RETURNING " + ENDPOINT_COLUMNS,
                        ConnectStore::endpoint,
                        e.id(),
                        e.enterpriseId(),
                        e.vendorId(),
                        e.name(),
                        e.url(),
                        e.securityPolicy(),
                        e.securityMode(),
                        e.authType(),
                        e.username(),
                        e.passwordSealed(),
                        e.allowUntrusted(),
                        createdBy)
                .orElseThrow();
    }

    /** Replaces the editable fields (everything but id, enterprise and owner). */
    public Optional<OpcEndpoint> updateEndpoint(OpcEndpoint e) throws SQLException {
        return jdbc.one(
                "UPDATE opcua_endpoint SET name = ?, url = ?, security_policy = ?, security_mode = ?, auth_type = ?, "
                        + "username = ?, password_enc = ?, allow_untrusted = ?, updated_at = now() WHERE id = ? RETURNING "
                        + ENDPOINT_COLUMNS,
                ConnectStore::endpoint,
                e.name(),
                e.url(),
                e.securityPolicy(),
                e.securityMode(),
                e.authType(),
                e.username(),
                e.passwordSealed(),
                e.allowUntrusted(),
                e.id());
    }

    /** How collectors subscribe to the endpoint (all automatic when it has none set, or does not exist). */
    public EndpointTuning tuning(UUID endpointId) throws SQLException {
        return jdbc.one(
                        "SELECT publishing_interval_ms, queue_size, default_sampling_ms FROM opcua_endpoint WHERE id = ?",
                        rs -> new EndpointTuning(
                                (Double) rs.getObject(1), (Integer) rs.getObject(2), (Double) rs.getObject(3)),
                        endpointId)
                .orElse(EndpointTuning.AUTOMATIC);
    }

    /** Replaces the endpoint's tuning; moves the connect revision on, so running collectors follow. */
    public boolean updateTuning(UUID endpointId, EndpointTuning t) throws SQLException {
        return jdbc.update(
                        "UPDATE opcua_endpoint SET publishing_interval_ms = ?, queue_size = ?, default_sampling_ms = ?, "
                                + "updated_at = now() WHERE id = ?",
                        t.publishingIntervalMillis(),
                        t.queueSize(),
                        t.defaultSamplingMillis(),
                        endpointId)
                == 1;
    }

    public Optional<OpcEndpoint> endpoint(UUID id) throws SQLException {
        return jdbc.one("SELECT " + ENDPOINT_COLUMNS + " FROM opcua_endpoint WHERE id = ?", ConnectStore::endpoint, id);
    }

    /** Endpoints of the given enterprises (null: all), newest first. */
    public List<OpcEndpoint> endpoints(UUID enterpriseId, UUID vendorId) throws SQLException {
        return jdbc.list(
                "SELECT " + ENDPOINT_COLUMNS + " FROM opcua_endpoint WHERE (?::uuid IS NULL OR enterprise_id = ?) "
                        + "AND (?::uuid IS NULL OR vendor_id = ?) ORDER BY created_at DESC, id",
                ConnectStore::endpoint,
                enterpriseId,
                enterpriseId,
                vendorId,
                vendorId);
    }

    /** Deletes an endpoint with its mappings; false when there was none. */
    public boolean deleteEndpoint(UUID id) throws SQLException {
        boolean[] deleted = {false};
        jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM signal_mapping WHERE endpoint_id = ?", id);
            deleted[0] = tx.update("DELETE FROM opcua_endpoint WHERE id = ?", id) == 1;
        });
        return deleted[0];
    }

    // ---- mappings -------------------------------------------------------------------------------------------

    private static MappingEntry mapping(ResultSet rs) throws SQLException {
        return new MappingEntry(
                rs.getString("signal"),
                rs.getObject("endpoint_id", UUID.class),
                rs.getString("node_id"),
                rs.getDouble("sampling_interval_ms"),
                rs.getDouble("deadband"),
                rs.getDouble("scale"),
                rs.getDouble("value_offset"),
                rs.getString("unit"),
                readValueMap(rs.getString("value_map")));
    }

    public List<MappingEntry> mapping(UUID machineId) throws SQLException {
        return jdbc.list(
                "SELECT * FROM signal_mapping WHERE machine_id = ? ORDER BY signal", ConnectStore::mapping, machineId);
    }

    /**
     * Replaces the machine's whole mapping in one transaction and makes sure each mapped signal has its telemetry
     * signal row (unit: the canonical unit; the entry's unit is what the source delivers before scaling).
     *
     * @throws SQLException with SQL state 23505 when a node is already mapped to another machine or signal
     */
    public void replaceMapping(UUID machineId, List<MappingEntry> entries) throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM signal_mapping WHERE machine_id = ?", machineId);
            for (MappingEntry e : entries) {
                CanonicalSignal signal = CanonicalSignal.fromKey(e.signal())
                        .orElseThrow(() -> new IllegalArgumentException("unknown signal " + e.signal()));
                tx.update(
                        "INSERT INTO signal_mapping (machine_id, signal, endpoint_id, node_id, sampling_interval_ms, deadband, "
                                + "scale, value_offset, unit, value_map) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
                        machineId,
                        e.signal(),
                        e.endpointId(),
                        e.nodeId(),
                        e.samplingIntervalMillis(),
                        e.deadband(),
                        e.scale(),
                        e.offset(),
                        e.unit(),
                        writeValueMap(e.valueMap()));
                tx.update(
                        "INSERT INTO signal (machine_id, name, unit, source_node) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (machine_id, name) DO UPDATE SET source_node = EXCLUDED.source_node",
                        machineId,
                        signal.key(),
                        signal.unit(),
                        e.nodeId());
            }
        });
    }

    /** Every mapped node of every endpoint, with the telemetry signal id it feeds: what a collector collects. */
    public List<CollectedNode> collectedNodes() throws SQLException {
        return jdbc.list(
                "SELECT m.*, s.id AS signal_id FROM signal_mapping m "
                        + "JOIN signal s ON s.machine_id = m.machine_id AND s.name = m.signal ORDER BY m.endpoint_id, m.node_id",
                rs -> new CollectedNode(rs.getObject("machine_id", UUID.class), rs.getInt("signal_id"), mapping(rs)));
    }

    /** Moves on with every change of endpoints or mappings. */
    public long revision() throws SQLException {
        return jdbc.one("SELECT revision FROM connect_revision WHERE id = 1", rs -> rs.getLong(1))
                .orElse(0L);
    }

    // ---- templates ------------------------------------------------------------------------------------------

    private static MappingTemplate template(ResultSet rs) throws SQLException {
        List<MappingTemplate.Entry> entries;
        try {
            entries = JSON.readValue(rs.getString("entries"), new TypeReference<List<MappingTemplate.Entry>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("template " + rs.getObject("id") + " has unreadable entries", e);
        }
        return new MappingTemplate(
                rs.getObject("id", UUID.class),
                rs.getObject("enterprise_id", UUID.class),
                rs.getObject("vendor_id", UUID.class),
                rs.getString("model"),
                rs.getString("name"),
                entries,
                Jdbc.instant(rs, "created_at"));
    }

    /** Saves a template; a template of the same owner, model and name is replaced. */
    public MappingTemplate saveTemplate(MappingTemplate t, UUID createdBy) throws SQLException {
        String entries;
        try {
            entries = JSON.writeValueAsString(t.entries());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        String conflict = t.vendorId() != null
                ? "(vendor_id, model, name) WHERE vendor_id IS NOT NULL"
                : "(enterprise_id, model, name) WHERE enterprise_id IS NOT NULL";
        return jdbc.one(
                        "INSERT INTO mapping_template (enterprise_id, vendor_id, model, name, entries, created_by) "
                                + "VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT " + conflict
                                + " DO UPDATE SET entries = EXCLUDED.entries, created_by = EXCLUDED.created_by, created_at = now() RETURNING *",
                        ConnectStore::template,
                        t.enterpriseId(),
                        t.vendorId(),
                        t.model(),
                        t.name(),
                        entries,
                        createdBy)
                .orElseThrow();
    }

    public Optional<MappingTemplate> template(UUID id) throws SQLException {
        return jdbc.one("SELECT * FROM mapping_template WHERE id = ?", ConnectStore::template, id);
    }

    /** Templates owned by the vendor or the enterprise given (both null: all). */
    public List<MappingTemplate> templates(UUID enterpriseId, UUID vendorId) throws SQLException {
        return jdbc.list(
                "SELECT * FROM mapping_template WHERE (?::uuid IS NULL AND ?::uuid IS NULL) "
                        + "OR enterprise_id = ? OR vendor_id = ? ORDER BY model, name",
                ConnectStore::template,
                enterpriseId,
                vendorId,
                enterpriseId,
                vendorId);
    }

    // ---- JSON helpers ---------------------------------------------------------------------------------------

    private static Map<Long, Double> readValueMap(String json) throws SQLException {
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

    private static String writeValueMap(Map<Long, Double> map) {
        if (map == null || map.isEmpty()) return null;
        try {
            Map<String, Double> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(Long.toString(k), v));
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Machine facts the connect routes need: enterprise (for tenancy) and model (for templates). */
    public record MachineFacts(UUID machineId, UUID enterpriseId, String model, String kind) {}

    public Optional<MachineFacts> machine(UUID machineId) throws SQLException {
        return jdbc.one(
                "SELECT m.id, p.enterprise_id, m.model, m.kind FROM machine m JOIN line l ON l.id = m.line_id "
                        + "JOIN plant p ON p.id = l.plant_id WHERE m.id = ?",
                rs -> new MachineFacts(
                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)),
                machineId);
    }
}
