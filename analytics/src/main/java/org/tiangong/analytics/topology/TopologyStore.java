package org.tiangong.analytics.topology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Enterprise;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.Plant;

/**
 * Creates and changes enterprises, plants, lines and machines one at a time (the API's way, next to
 * {@code TopologyRegistry}'s bulk import by codes). Codes are unique under their parent: a clash is a
 * {@link CodeTakenException}. A machine with telemetry is retired, never deleted, so its history stays readable.
 */
public final class TopologyStore {

    private final Jdbc jdbc;

    public TopologyStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Enterprise createEnterprise(String code, String name) throws SQLException {
        return unique(
                "enterprise code " + code,
                () -> jdbc.one(
                                "INSERT INTO enterprise (code, name) VALUES (?, ?) RETURNING id, code, name",
                                TopologyStore::enterprise,
                                code,
                                name)
                        .orElseThrow());
    }

    /** Null arguments keep the current value. */
    public Optional<Enterprise> updateEnterprise(UUID id, String code, String name) throws SQLException {
        return unique(
                "enterprise code " + code,
                () -> jdbc.one(
                        "UPDATE enterprise SET code = COALESCE(?, code), name = COALESCE(?, name) "
                                + "WHERE id = ? RETURNING id, code, name",
                        TopologyStore::enterprise,
                        code,
                        name,
                        id));
    }

    public Plant createPlant(UUID enterpriseId, String code, String name, String timeZone) throws SQLException {
        return unique(
                "plant code " + code + " in this enterprise",
                () -> jdbc.one(
                                "INSERT INTO plant (enterprise_id, code, name, time_zone) VALUES (?, ?, ?, ?) "
                                        + "RETURNING id, enterprise_id, code, name, time_zone",
                                TopologyStore::plant,
                                enterpriseId,
                                code,
                                name,
                                timeZone)
                        .orElseThrow());
    }

    public Optional<Plant> updatePlant(UUID id, String code, String name, String timeZone) throws SQLException {
        return unique(
                "plant code " + code + " in this enterprise",
                () -> jdbc.one(
                        "UPDATE plant SET code = COALESCE(?, code), name = COALESCE(?, name), time_zone = COALESCE(?, time_zone) "
                                + "WHERE id = ? RETURNING id, enterprise_id, code, name, time_zone",
                        TopologyStore::plant,
                        code,
                        name,
                        timeZone,
                        id));
    }

    public Line createLine(UUID plantId, String code, String name) throws SQLException {
        return unique(
                "line code " + code + " in this plant",
                () -> jdbc.one(
                                "INSERT INTO line (plant_id, code, name) VALUES (?, ?, ?) RETURNING id, plant_id, code, name",
                                TopologyStore::line,
                                plantId,
                                code,
                                name)
                        .orElseThrow());
    }

    public Optional<Line> updateLine(UUID id, String code, String name) throws SQLException {
        return unique(
                "line code " + code + " in this plant",
                () -> jdbc.one(
                        "UPDATE line SET code = COALESCE(?, code), name = COALESCE(?, name) WHERE id = ? RETURNING id, plant_id, code, name",
                        TopologyStore::line,
                        code,
                        name,
                        id));
    }

    /** A new machine; its ideal cycle time (when given) holds for all time until changed. */
    public Machine createMachine(
            UUID lineId,
            String code,
            String name,
            MachineKind kind,
            String model,
            Double idealCycleSeconds,
            Double ratedPowerKw)
            throws SQLException {
        return unique(
                "machine code " + code + " on this line",
                () -> jdbc.one(
                                "INSERT INTO machine (line_id, code, name, kind, model, ideal_cycle_time_seconds, rated_power_kw) "
                                        + "VALUES (?, ?, ?, ?, ?, ?, ?) "
                                        + "RETURNING " + MACHINE_COLUMNS,
                                TopologyStore::machine,
                                lineId,
                                code,
                                name,
                                kind.code(),
                                model,
                                idealCycleSeconds,
                                ratedPowerKw)
                        .orElseThrow());
    }

    /**
     * Null keeps the current value; {@code clearModel} sets the model to null; {@code setsRatedPower} sets the rated
     * power to {@code ratedPowerKw}, null included (unknown).
     */
    public Optional<Machine> updateMachine(
            UUID id,
            String code,
            String name,
            MachineKind kind,
            String model,
            boolean clearModel,
            boolean setsRatedPower,
            Double ratedPowerKw)
            throws SQLException {
        return unique(
                "machine code " + code + " on this line",
                () -> jdbc.one(
                        "UPDATE machine SET code = COALESCE(?, code), name = COALESCE(?, name), kind = COALESCE(?, kind), "
                                + "model = CASE WHEN ? THEN NULL ELSE COALESCE(?, model) END, "
                                + "rated_power_kw = CASE WHEN ? THEN ?::double precision ELSE rated_power_kw END "
                                + "WHERE id = ? RETURNING "
                                + MACHINE_COLUMNS,
                        TopologyStore::machine,
                        code,
                        name,
                        kind == null ? null : kind.code(),
                        clearModel,
                        model,
                        setsRatedPower,
                        ratedPowerKw,
                        id));
    }

    public Optional<Instant> retiredAt(UUID machineId) throws SQLException {
        return jdbc.one(
                "SELECT retired_at FROM machine WHERE id = ? AND retired_at IS NOT NULL",
                rs -> Jdbc.instant(rs, "retired_at"),
                machineId);
    }

    /**
     * Retires a machine (or brings it back): its history stays, its node mappings are removed so that no collector
     * writes to it any more. Returns how many mappings were removed.
     */
    public int setRetired(UUID machineId, boolean retired) throws SQLException {
        return jdbc.inConnectionTransaction(c -> {
            int removed = 0;
            if (retired) {
                removed = update(c, "DELETE FROM signal_mapping WHERE machine_id = ?", machineId);
                update(c, "UPDATE machine SET retired_at = COALESCE(retired_at, now()) WHERE id = ?", machineId);
            } else {
                update(c, "UPDATE machine SET retired_at = NULL WHERE id = ?", machineId);
            }
            return removed;
        });
    }

    public boolean hasTelemetry(UUID machineId) throws SQLException {
        return jdbc.one(
                        "SELECT EXISTS (SELECT 1 FROM signal s WHERE s.machine_id = ? "
                                + "AND EXISTS (SELECT 1 FROM telemetry t WHERE t.signal_id = s.id))",
                        rs -> rs.getBoolean(1),
                        machineId)
                .orElse(false);
    }

    /**
     * Deletes a machine that never sent a sample, with its signals, mappings and grants. A machine with telemetry is
     * refused (retire it instead): {@link IllegalStateException}.
     */
    public boolean deleteMachine(UUID machineId) throws SQLException {
        return jdbc.inConnectionTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM machine WHERE id = ? FOR UPDATE")) {
                ps.setObject(1, machineId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT EXISTS (SELECT 1 FROM signal s WHERE s.machine_id = ? "
                            + "AND EXISTS (SELECT 1 FROM telemetry t WHERE t.signal_id = s.id))")) {
                ps.setObject(1, machineId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1))
                        throw new IllegalStateException(
                                "the machine has telemetry: retire it instead, so its history stays readable");
                }
            }
            update(c, "DELETE FROM signal_mapping WHERE machine_id = ?", machineId);
            update(c, "DELETE FROM device_grant WHERE machine_id = ?", machineId);
            update(
                    c,
                    "DELETE FROM signal_latest WHERE signal_id IN (SELECT id FROM signal WHERE machine_id = ?)",
                    machineId);
            update(c, "DELETE FROM signal WHERE machine_id = ?", machineId);
            update(c, "UPDATE equipment_asset SET machine_id = NULL WHERE machine_id = ?", machineId);
            return update(c, "DELETE FROM machine WHERE id = ?", machineId) == 1;
        });
    }

    static final String MACHINE_COLUMNS =
            "id, line_id, code, name, kind, model, ideal_cycle_time_seconds, rated_power_kw";

    interface Query<T> {
        T run() throws SQLException;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }

    private static <T> T unique(String what, Query<T> q) throws SQLException {
        try {
            return q.run();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) throw new CodeTakenException(what + " is already used");
            throw e;
        }
    }

    private static Enterprise enterprise(ResultSet rs) throws SQLException {
        return new Enterprise(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3));
    }

    private static Plant plant(ResultSet rs) throws SQLException {
        return new Plant(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5));
    }

    private static Line line(ResultSet rs) throws SQLException {
        return new Line(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4));
    }

    static Machine machine(ResultSet rs) throws SQLException {
        double ideal = rs.getDouble(7);
        Double idealOrNull = rs.wasNull() ? null : ideal;
        String kindCode = rs.getString(5);
        MachineKind kind =
                MachineKind.fromCode(kindCode).orElseThrow(() -> new SQLException("unknown machine kind " + kindCode));
        return new Machine(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                kind,
                rs.getString(6),
                idealOrNull,
                rs.getObject(8, Double.class));
    }
}
