package org.tiangong.analytics.topology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.TopologySpec;

/**
 * Registers plants, machines and their signals, keyed by codes, idempotently: registering the same layout twice
 * changes nothing, and a renamed machine keeps its id (and its history).
 */
public final class TopologyRegistry {

    private final Jdbc jdbc;

    public TopologyRegistry(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates or updates the enterprise, its plants, lines and machines; returns the enterprise id. */
    public UUID importTopology(TopologySpec spec) throws SQLException {
        return jdbc.inConnectionTransaction(c -> {
            UUID enterpriseId = upsertEnterprise(c, spec.code(), spec.name());
            for (TopologySpec.PlantSpec p : spec.plants()) {
                UUID plantId = upsertPlant(c, enterpriseId, p.code(), p.name(), p.timeZone());
                for (TopologySpec.LineSpec l : p.lines()) {
                    UUID lineId = upsertLine(c, plantId, l.code(), l.name());
                    for (TopologySpec.MachineSpec m : l.machines()) {
                        upsertMachine(
                                c,
                                lineId,
                                m.code(),
                                m.name(),
                                m.kind(),
                                m.model(),
                                m.idealCycleTimeSeconds(),
                                m.ratedPowerKw(),
                                true);
                    }
                }
            }
            return enterpriseId;
        });
    }

    /**
     * Makes sure the machine at {@code path} exists (creating missing parents, named by their codes, when the
     * layout was not imported first) and that it has one signal row per entry of {@code sourceNodes}.
     *
     * @return the telemetry signal id of each canonical signal
     */
    public Map<CanonicalSignal, Integer> registerSignals(
            MachinePath path, MachineKind kind, Map<CanonicalSignal, String> sourceNodes) throws SQLException {
        return jdbc.inConnectionTransaction(c -> {
            UUID enterpriseId = upsertEnterprise(c, path.enterprise(), null);
            UUID plantId = upsertPlant(c, enterpriseId, path.plant(), null, null);
            UUID lineId = upsertLine(c, plantId, path.line(), null);
            UUID machineId = upsertMachine(c, lineId, path.machine(), null, kind, null, null, null, false);
            Map<CanonicalSignal, Integer> ids = new EnumMap<>(CanonicalSignal.class);
            for (Map.Entry<CanonicalSignal, String> e : sourceNodes.entrySet()) {
                ids.put(e.getKey(), upsertSignal(c, machineId, e.getKey(), e.getValue()));
            }
            return ids;
        });
    }

    // A null name keeps an existing name (or uses the code for a new row), so registering signals never
    // overwrites the names a plant file gave.
    private static UUID upsertEnterprise(Connection c, String code, String name) throws SQLException {
        return returningId(c, """
                INSERT INTO enterprise (code, name) VALUES (?, COALESCE(?, ?))
                ON CONFLICT (code) DO UPDATE SET name = COALESCE(?, enterprise.name)
                RETURNING id""", code, name, code, name);
    }

    private static UUID upsertPlant(Connection c, UUID enterpriseId, String code, String name, String tz)
            throws SQLException {
        return returningId(c, """
                INSERT INTO plant (enterprise_id, code, name, time_zone) VALUES (?, ?, COALESCE(?, ?), COALESCE(?, 'Asia/Shanghai'))
                ON CONFLICT (enterprise_id, code) DO UPDATE
                  SET name = COALESCE(?, plant.name), time_zone = COALESCE(?, plant.time_zone)
                RETURNING id""", enterpriseId, code, name, code, tz, name, tz);
    }

    private static UUID upsertLine(Connection c, UUID plantId, String code, String name) throws SQLException {
        return returningId(c, """
                INSERT INTO line (plant_id, code, name) VALUES (?, ?, COALESCE(?, ?))
                ON CONFLICT (plant_id, code) DO UPDATE SET name = COALESCE(?, line.name)
                RETURNING id""", plantId, code, name, code, name);
    }

    private static UUID upsertMachine(
            Connection c,
            UUID lineId,
            String code,
            String name,
            MachineKind kind,
            String model,
            Double idealCycle,
            Double ratedPowerKw,
            boolean authoritative)
            throws SQLException {
        String update = authoritative
                ? "name = COALESCE(?, machine.name), kind = EXCLUDED.kind, model = COALESCE(?, machine.model), "
                        + "ideal_cycle_time_seconds = COALESCE(?, machine.ideal_cycle_time_seconds), "
                        + "rated_power_kw = COALESCE(?, machine.rated_power_kw)"
                : "name = COALESCE(?, machine.name), model = COALESCE(?, machine.model), "
                        + "ideal_cycle_time_seconds = COALESCE(?, machine.ideal_cycle_time_seconds), "
                        + "rated_power_kw = COALESCE(?, machine.rated_power_kw)";
        return returningId(
                c,
                "INSERT INTO machine (line_id, code, name, kind, model, ideal_cycle_time_seconds, rated_power_kw) "
                        + "VALUES (?, ?, COALESCE(?, ?), ?, ?, ?, ?) ON CONFLICT (line_id, code) DO UPDATE SET "
                        + update
                        + " RETURNING id",
                lineId,
                code,
                name,
                code,
                kind.code(),
                model,
                idealCycle,
                ratedPowerKw,
                name,
                model,
                idealCycle,
                ratedPowerKw);
    }

    private static int upsertSignal(Connection c, UUID machineId, CanonicalSignal signal, String sourceNode)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO signal (machine_id, name, unit, source_node) VALUES (?, ?, ?, ?)
                ON CONFLICT (machine_id, name) DO UPDATE SET source_node = EXCLUDED.source_node, unit = EXCLUDED.unit
                RETURNING id""")) {
            ps.setObject(1, machineId);
            ps.setString(2, signal.key());
            ps.setString(3, signal.unit());
            ps.setString(4, sourceNode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static UUID returningId(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }
}
