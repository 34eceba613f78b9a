package org.tiangong.analytics.accounts;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Vendor organisations and the machines granted to them. */
public final class VendorStore {

    private final Jdbc jdbc;

    public VendorStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates the organisation, or returns the existing one of that name. */
    public VendorOrg ensure(String name) throws SQLException {
        return jdbc.one(
                        "INSERT INTO vendor_org (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name "
                                + "RETURNING id, name",
                        rs -> new VendorOrg(rs.getObject(1, UUID.class), rs.getString(2)),
                        name)
                .orElseThrow();
    }

    public Optional<VendorOrg> byId(UUID id) throws SQLException {
        return jdbc.one(
                "SELECT id, name FROM vendor_org WHERE id = ?",
                rs -> new VendorOrg(rs.getObject(1, UUID.class), rs.getString(2)),
                id);
    }

    public List<VendorOrg> all() throws SQLException {
        return jdbc.list(
                "SELECT id, name FROM vendor_org ORDER BY name",
                rs -> new VendorOrg(rs.getObject(1, UUID.class), rs.getString(2)));
    }

    /** Grants a machine to a vendor; true when the grant is new. */
    public boolean grant(UUID vendorId, UUID machineId, UUID grantedBy) throws SQLException {
        return jdbc.update(
                        "INSERT INTO device_grant (vendor_id, machine_id, granted_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        vendorId,
                        machineId,
                        grantedBy)
                == 1;
    }

    /** Withdraws a grant; true when there was one. */
    public boolean revoke(UUID vendorId, UUID machineId) throws SQLException {
        return jdbc.update("DELETE FROM device_grant WHERE vendor_id = ? AND machine_id = ?", vendorId, machineId) == 1;
    }

    public boolean isGranted(UUID vendorId, UUID machineId) throws SQLException {
        return jdbc.one(
                        "SELECT 1 FROM device_grant WHERE vendor_id = ? AND machine_id = ?",
                        rs -> true,
                        vendorId,
                        machineId)
                .isPresent();
    }

    /** The grants on one enterprise's machines: (vendor id, vendor name, machine id). */
    public List<Grant> grantsInEnterprise(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                """
                SELECT g.vendor_id, v.name, g.machine_id, g.granted_at FROM device_grant g
                JOIN vendor_org v ON v.id = g.vendor_id
                JOIN machine m ON m.id = g.machine_id JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id
                WHERE p.enterprise_id = ? ORDER BY v.name, g.machine_id""",
                rs -> new Grant(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        Jdbc.instant(rs, "granted_at")),
                enterpriseId);
    }

    public record Grant(UUID vendorId, String vendorName, UUID machineId, java.time.Instant grantedAt) {}
}
