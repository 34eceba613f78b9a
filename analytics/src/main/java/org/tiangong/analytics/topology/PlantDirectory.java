package org.tiangong.analytics.topology;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.Enterprise;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.model.SignalInfo;

/** Reads the plant hierarchy: enterprises, plants, lines, machines and their signals. */
public final class PlantDirectory {

    private final Jdbc jdbc;

    public PlantDirectory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<Enterprise> enterprises() throws SQLException {
        return jdbc.list("SELECT id, code, name FROM enterprise ORDER BY code", PlantDirectory::enterprise);
    }

    public Optional<Enterprise> enterprise(UUID id) throws SQLException {
        return jdbc.one("SELECT id, code, name FROM enterprise WHERE id = ?", PlantDirectory::enterprise, id);
    }

    public List<Plant> plants(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                "SELECT id, enterprise_id, code, name, time_zone FROM plant WHERE enterprise_id = ? ORDER BY code",
                PlantDirectory::plant,
                enterpriseId);
    }

    public Optional<Plant> plant(UUID id) throws SQLException {
        return jdbc.one(
                "SELECT id, enterprise_id, code, name, time_zone FROM plant WHERE id = ?", PlantDirectory::plant, id);
    }

    public List<Line> lines(UUID plantId) throws SQLException {
        return jdbc.list(
                "SELECT id, plant_id, code, name FROM line WHERE plant_id = ? ORDER BY code",
                PlantDirectory::line,
                plantId);
    }

    public Optional<Line> line(UUID id) throws SQLException {
        return jdbc.one("SELECT id, plant_id, code, name FROM line WHERE id = ?", PlantDirectory::line, id);
    }

    public List<Machine> machines(UUID lineId) throws SQLException {
        return jdbc.list(MACHINE_COLUMNS + " WHERE line_id = ? ORDER BY code", TopologyStore::machine, lineId);
    }

    public Optional<Machine> machine(UUID id) throws SQLException {
        return jdbc.one(MACHINE_COLUMNS + " WHERE id = ?", TopologyStore::machine, id);
    }

    public List<SignalInfo> signals(UUID machineId) throws SQLException {
        return jdbc.list(
                "SELECT id, machine_id, name, unit, source_node FROM signal WHERE machine_id = ? ORDER BY name",
                PlantDirectory::signal,
                machineId);
    }

    public Optional<SignalInfo> signal(UUID machineId, CanonicalSignal name) throws SQLException {
        return jdbc.one(
                "SELECT id, machine_id, name, unit, source_node FROM signal WHERE machine_id = ? AND name = ?",
                PlantDirectory::signal,
                machineId,
                name.key());
    }

    /** Ids of every machine in an enterprise, plant or line ({@code level} is one of those words). */
    public List<UUID> machineIdsIn(String level, UUID id) throws SQLException {
        String where = switch (level) {
            case "enterprise" -> "p.enterprise_id = ?";
            case "plant" -> "p.id = ?";
            case "line" -> "l.id = ?";
            default -> throw new IllegalArgumentException(level);
        };
        return jdbc.list(
                "SELECT m.id FROM machine m JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id WHERE "
                        + where + " ORDER BY p.code, l.code, m.code",
                rs -> rs.getObject(1, UUID.class),
                id);
    }

    private static final String MACHINE_COLUMNS = "SELECT " + TopologyStore.MACHINE_COLUMNS + " FROM machine";

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

    private static SignalInfo signal(ResultSet rs) throws SQLException {
        String name = rs.getString(3);
        CanonicalSignal s = CanonicalSignal.fromKey(name)
                .orElseThrow(() -> new SQLException("unknown signal name in database: " + name));
        return new SignalInfo(rs.getInt(1), rs.getObject(2, UUID.class), s, rs.getString(4), rs.getString(5));
    }
}
