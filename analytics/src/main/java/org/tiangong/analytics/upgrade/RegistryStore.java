package org.tiangong.analytics.upgrade;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;

/** Reads and writes the bureau's registry of enterprises and the plants' equipment ledgers. */
public final class RegistryStore {

    private static final String REGISTRY = """
            SELECT e.id, e.code, e.name, r.credit_code, r.town, r.segment, coalesce(r.above_scale, false) AS above_scale,
                   r.contact_name, r.contact_phone, r.updated_at
            FROM enterprise e LEFT JOIN enterprise_registry r ON r.enterprise_id = e.id""";
    private static final String ASSET = """
            SELECT a.id, a.plant_id, a.code, a.name, a.kind, a.production, a.numerical_control, a.key_process,
                   a.commissioned_year, a.machine_id FROM equipment_asset a""";

    private final Jdbc jdbc;

    public RegistryStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Every enterprise with its registry fields (empty ones where nothing was registered), by code. */
    public List<Registry> all() throws SQLException {
        return jdbc.list(REGISTRY + " ORDER BY e.code", RegistryStore::registry);
    }

    public Optional<Registry> registry(UUID enterpriseId) throws SQLException {
        return jdbc.one(REGISTRY + " WHERE e.id = ?", RegistryStore::registry, enterpriseId);
    }

    /** Replaces the registry fields and the enterprise's name in one transaction. */
    public void saveRegistry(Registry r, UUID actor) throws SQLException {
        jdbc.inTransaction(tx -> {
            if (r.name() != null) tx.update("UPDATE enterprise SET name = ? WHERE id = ?", r.name(), r.enterpriseId());
            tx.update(
                    """
                    INSERT INTO enterprise_registry (enterprise_id, credit_code, town, segment, above_scale, contact_name, contact_phone,
                                                     updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?)
                    ON CONFLICT (enterprise_id) DO UPDATE SET credit_code = excluded.credit_code, town = excluded.town,
                        segment = excluded.segment, above_scale = excluded.above_scale, contact_name = excluded.contact_name,
                        contact_phone = excluded.contact_phone, updated_at = now(), updated_by = excluded.updated_by""",
                    r.enterpriseId(),
                    r.creditCode(),
                    r.town(),
                    r.segment(),
                    r.aboveScale(),
                    r.contactName(),
                    r.contactPhone(),
                    actor);
        });
    }

    /** Which enterprise holds this credit code, if any. */
    public Optional<UUID> enterpriseWithCreditCode(String creditCode) throws SQLException {
        return jdbc.one(
                "SELECT enterprise_id FROM enterprise_registry WHERE credit_code = ?",
                rs -> rs.getObject(1, UUID.class),
                creditCode);
    }

    /** The ledger of all plants of an enterprise, by plant and asset code. */
    public List<Asset> assets(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                ASSET + " JOIN plant p ON p.id = a.plant_id WHERE p.enterprise_id = ? ORDER BY p.code, a.code",
                RegistryStore::asset,
                enterpriseId);
    }

    public Optional<Asset> asset(UUID enterpriseId, UUID assetId) throws SQLException {
        return jdbc.one(
                ASSET + " JOIN plant p ON p.id = a.plant_id WHERE p.enterprise_id = ? AND a.id = ?",
                RegistryStore::asset,
                enterpriseId,
                assetId);
    }

    public Asset insertAsset(Asset a) throws SQLException {
        return insertAsset(jdbc, a);
    }

    public void updateAsset(Asset a) throws SQLException {
        jdbc.update(
                """
                UPDATE equipment_asset SET plant_id = ?, code = ?, name = ?, kind = ?, production = ?, numerical_control = ?,
                    key_process = ?, commissioned_year = ?, machine_id = ?, updated_at = now() WHERE id = ?""",
                a.plantId(),
                a.code(),
                a.name(),
                a.kind(),
                a.production(),
                a.numericalControl(),
                a.keyProcess(),
                a.commissionedYear(),
                a.machineId(),
                a.id());
    }

    public boolean deleteAsset(UUID enterpriseId, UUID assetId) throws SQLException {
        return jdbc.update(
                        "DELETE FROM equipment_asset a USING plant p WHERE p.id = a.plant_id AND p.enterprise_id = ? AND a.id = ?",
                        enterpriseId,
                        assetId)
                > 0;
    }

    /** Replaces the whole ledger of an enterprise: all rows are stored, or (on any failure) none. */
    public void replaceLedger(UUID enterpriseId, List<Asset> assets) throws SQLException {
        jdbc.inTransaction(tx -> {
            tx.update(
                    "DELETE FROM equipment_asset a USING plant p WHERE p.id = a.plant_id AND p.enterprise_id = ?",
                    enterpriseId);
            for (Asset a : assets) insertAsset(tx, a);
        });
    }

    private static Asset insertAsset(Jdbc jdbc, Asset a) throws SQLException {
        UUID id = jdbc.one(
                        """
                INSERT INTO equipment_asset (plant_id, code, name, kind, production, numerical_control, key_process, commissioned_year, machine_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                        rs -> rs.getObject(1, UUID.class),
                        a.plantId(),
                        a.code(),
                        a.name(),
                        a.kind(),
                        a.production(),
                        a.numericalControl(),
                        a.keyProcess(),
                        a.commissionedYear(),
                        a.machineId())
                .orElseThrow();
        return new Asset(
                id,
                a.plantId(),
                a.code(),
                a.name(),
                a.kind(),
                a.production(),
                a.numericalControl(),
                a.keyProcess(),
                a.commissionedYear(),
                a.machineId());
    }

    /** The enterprise a machine belongs to (to keep ledgers from pointing at another tenant's machine). */
    public Optional<UUID> enterpriseOfMachine(UUID machineId) throws SQLException {
        return jdbc.one(
                "SELECT p.enterprise_id FROM machine m JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id WHERE m.id = ?",
                rs -> rs.getObject(1, UUID.class),
                machineId);
    }

    /** Which asset (of any enterprise) already names this machine. */
    public Optional<UUID> assetOfMachine(UUID machineId) throws SQLException {
        return jdbc.one(
                "SELECT id FROM equipment_asset WHERE machine_id = ?", rs -> rs.getObject(1, UUID.class), machineId);
    }

    private static Registry registry(ResultSet rs) throws SQLException {
        return new Registry(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBoolean(7),
                rs.getString(8),
                rs.getString(9),
                Jdbc.instant(rs, "updated_at"));
    }

    private static Asset asset(ResultSet rs) throws SQLException {
        return new Asset(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBoolean(6),
                rs.getBoolean(7),
                rs.getBoolean(8),
                (Integer) rs.getObject(9),
                rs.getObject(10, UUID.class));
    }
}
