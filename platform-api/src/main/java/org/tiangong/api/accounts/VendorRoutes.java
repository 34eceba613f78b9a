package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.VendorOrg;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * Vendor organisations, and the grants by which a plant manager invites a vendor to its enterprise's machines.
 */
public final class VendorRoutes {

    private final VendorStore vendors;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;
    private final PrincipalCache principals;

    public VendorRoutes(
            VendorStore vendors,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            PrincipalCache principals) {
        this.principals = principals;
        this.vendors = vendors;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/vendors").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            blocking.respond(ctx, () -> {
                access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER);
                JsonArray out = new JsonArray();
                for (VendorOrg v : vendors.all())
                    out.add(new JsonObject().put("id", v.id().toString()).put("name", v.name()));
                return out;
            });
        });
        api.post("/vendors").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            String name = Bodies.string(Bodies.object(ctx), "name", 100).trim();
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireRole(p, Role.ADMIN);
                VendorOrg v = vendors.ensure(name);
                audit.record(p, remote, "vendor_created", v.id().toString(), new JsonObject().put("name", name));
                return new JsonObject().put("id", v.id().toString()).put("name", v.name());
            });
        });
        api.get("/enterprises/:id/grants").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID enterpriseId = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
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
            });
        });
        api.post("/enterprises/:id/grants").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID enterpriseId = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            UUID vendorId = Bodies.uuid(body, "vendorId");
            UUID machineId = Bodies.uuid(body, "machineId");
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireManageEnterprise(p, enterpriseId);
                if (!scope.enterpriseOfMachine(machineId)
                        .map(enterpriseId::equals)
                        .orElse(false)) {
                    throw ApiException.notFound("no such machine in this enterprise");
                }
                if (vendors.byId(vendorId).isEmpty()) throw ApiException.notFound("no vendor organisation " + vendorId);
                boolean created = vendors.grant(vendorId, machineId, p.userId());
                principals.forgetGrants();
                audit.record(
                        p,
                        remote,
                        "grant_created",
                        machineId.toString(),
                        new JsonObject()
                                .put("vendorId", vendorId.toString())
                                .put("enterpriseId", enterpriseId.toString()));
                return new JsonObject()
                        .put("vendorId", vendorId.toString())
                        .put("machineId", machineId.toString())
                        .put("created", created);
            });
        });
        api.delete("/enterprises/:id/grants/:vendorId/:machineId").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID enterpriseId = Params.uuid(ctx, "id");
            UUID vendorId = Params.uuid(ctx, "vendorId");
            UUID machineId = Params.uuid(ctx, "machineId");
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireManageEnterprise(p, enterpriseId);
                if (!scope.enterpriseOfMachine(machineId)
                        .map(enterpriseId::equals)
                        .orElse(false)) {
                    throw ApiException.notFound("no such machine in this enterprise");
                }
                if (!vendors.revoke(vendorId, machineId)) throw ApiException.notFound("no such grant");
                principals.forgetGrants();
                audit.record(
                        p,
                        remote,
                        "grant_revoked",
                        machineId.toString(),
                        new JsonObject()
                                .put("vendorId", vendorId.toString())
                                .put("enterpriseId", enterpriseId.toString()));
                return new JsonObject().put("revoked", true);
            });
        });
    }
}
