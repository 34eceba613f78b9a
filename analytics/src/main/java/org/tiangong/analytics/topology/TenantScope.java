package org.tiangong.analytics.topology;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Keyed;

/** Which enterprise owns a plant, line or machine: the facts the access policy decides on. */
public final class TenantScope {

    private final Jdbc jdbc;

    public TenantScope(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<UUID> enterpriseOfPlant(UUID plantId) throws SQLException {
        return jdbc.one("SELECT enterprise_id FROM plant WHERE id = ?", rs -> rs.getObject(1, UUID.class), plantId);
    }

    public Optional<UUID> enterpriseOfLine(UUID lineId) throws SQLException {
        return jdbc.one(
                "SELECT p.enterprise_id FROM line l JOIN plant p ON p.id = l.plant_id WHERE l.id = ?",
                rs -> rs.getObject(1, UUID.class),
                lineId);
    }

    public Optional<UUID> enterpriseOfMachine(UUID machineId) throws SQLException {
        return jdbc.one(
                "SELECT p.enterprise_id FROM machine m JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id "
                        + "WHERE m.id = ?",
                rs -> rs.getObject(1, UUID.class),
                machineId);
    }

    public boolean enterpriseExists(UUID enterpriseId) throws SQLException {
        return jdbc.one("SELECT 1 FROM enterprise WHERE id = ?", rs -> true, enterpriseId)
                .isPresent();
    }

    /** Where in the topology a vendor's grants are looked for: an enterprise, a plant, a line, or one machine. */
    public enum Level implements Keyed {
        ENTERPRISE("p.enterprise_id = ?"),
        PLANT("p.id = ?"),
        LINE("l.id = ?"),
        MACHINE("m.id = ?");

        private final String condition;

        Level(String condition) {
            this.condition = condition;
        }

        /** Lower-case name, e.g. {@code plant}. */
        @Override
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Level> fromKey(String key) {
            return Keyed.fromKey(Level.class, key);
        }
    }

    /** Does the vendor hold a grant on any machine of this enterprise / plant / line, or on this machine? */
    public boolean vendorHasMachineIn(UUID vendorId, Level level, UUID id) throws SQLException {
        return jdbc.one(
                        "SELECT 1 FROM device_grant g JOIN machine m ON m.id = g.machine_id JOIN line l ON l.id = m.line_id "
                                + "JOIN plant p ON p.id = l.plant_id WHERE g.vendor_id = ? AND " + level.condition
                                + " LIMIT 1",
                        rs -> true,
                        vendorId,
                        id)
                .isPresent();
    }

    /** The same with the level by its key ({@code enterprise}, {@code plant}, {@code line}, {@code machine}). */
    public boolean vendorHasMachineIn(UUID vendorId, String level, UUID id) throws SQLException {
        return vendorHasMachineIn(
                vendorId, Level.fromKey(level).orElseThrow(() -> new IllegalArgumentException(level)), id);
    }
}
