package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.VendorOrg;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;

/**
 * Vendor organisations (an admin creates them) and the grants by which a plant manager lets a vendor at one of its
 * enterprise's machines; every change is audited. Blocking (JDBC): call from a worker.
 */
final class VendorAdmin {

    private final VendorStore vendors;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;

    VendorAdmin(VendorStore vendors, TenantScope scope, AccessPolicy access, Audit audit) {
        this.vendors = vendors;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
    }

    JsonArray all(Principal p) throws SQLException {
        access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER);
        JsonArray out = new JsonArray();
        for (VendorOrg v : vendors.all()) out.add(json(v));
        return out;
    }

    JsonObject ensure(Principal p, String remote, String name) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        VendorOrg v = vendors.ensure(name);
        audit.record(p, remote, "vendor_created", v.id().toString(), new JsonObject().put("name", name));
        return json(v);
    }

    JsonArray grants(Principal p, UUID enterpriseId) throws SQLException {
        access.requireManageEnterprise(p, enterpriseId);
        JsonArray out = new JsonArray();
        for (VendorStore.Grant g : vendors.grantsInEnterprise(enterpriseId)) {
            out.add(new JsonObject()
                    .put("vendorId", g.vendorId().toString())
                    .put("vendorName", g.vendorName())
                    .put("machineId", g.machineId().toString())
                    .put("grantedAt", g.grantedAt().toString()));
        }
        return out;
    }

    JsonObject grant(Principal p, String remote, UUID enterpriseId, UUID vendorId, UUID machineId) throws SQLException {
        requireMachineIn(p, enterpriseId, machineId);
        if (vendors.byId(vendorId).isEmpty()) throw ApiException.notFound("no vendor organisation " + vendorId);
        boolean created = vendors.grant(vendorId, machineId, p.userId());
        recordGrant(p, remote, "grant_created", enterpriseId, vendorId, machineId);
        return new JsonObject()
                .put("vendorId", vendorId.toString())
                .put("machineId", machineId.toString())
                .put("created", created);
    }

    JsonObject revoke(Principal p, String remote, UUID enterpriseId, UUID vendorId, UUID machineId)
            throws SQLException {
        requireMachineIn(p, enterpriseId, machineId);
        if (!vendors.revoke(vendorId, machineId)) throw ApiException.notFound("no such grant");
        recordGrant(p, remote, "grant_revoked", enterpriseId, vendorId, machineId);
        return new JsonObject().put("revoked", true);
    }

    /** The caller manages the enterprise, and the machine is one of its own (404 otherwise: nothing to learn). */
    private void requireMachineIn(Principal p, UUID enterpriseId, UUID machineId) throws SQLException {
        access.requireManageEnterprise(p, enterpriseId);
        if (!scope.enterpriseOfMachine(machineId).map(enterpriseId::equals).orElse(false)) {
            throw ApiException.notFound("no such machine in this enterprise");
        }
    }

    private void recordGrant(
            Principal p, String remote, String action, UUID enterpriseId, UUID vendorId, UUID machineId)
            throws SQLException {
        audit.record(
                p,
                remote,
                action,
                machineId.toString(),
                new JsonObject().put("vendorId", vendorId.toString()).put("enterpriseId", enterpriseId.toString()));
    }

    private static JsonObject json(VendorOrg v) {
        return new JsonObject().put("id", v.id().toString()).put("name", v.name());
    }
}
