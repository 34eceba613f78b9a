package org.tiangong.api.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * Vendor organisations, and the grants by which a plant manager invites a vendor to its enterprise's machines
 * ({@link VendorAdmin}).
 */
public final class VendorRoutes {

    private final VendorAdmin vendors;
    private final Blocking blocking;
    private final PrincipalCache principals;

    public VendorRoutes(
            VendorStore vendors,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            PrincipalCache principals) {
        this.vendors = new VendorAdmin(vendors, scope, access, audit);
        this.principals = principals;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/vendors").handler(this::list);
        api.post("/vendors").handler(this::create);
        api.get("/enterprises/:id/grants").handler(this::grants);
        api.post("/enterprises/:id/grants").handler(this::grant);
        api.delete("/enterprises/:id/grants/:vendorId/:machineId").handler(this::revoke);
    }

    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> vendors.all(p));
    }

    private void create(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        String name = Bodies.string(Bodies.object(ctx), "name", 100).trim();
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> vendors.ensure(p, remote, name));
    }

    private void grants(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID enterpriseId = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> vendors.grants(p, enterpriseId));
    }

    private void grant(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID enterpriseId = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        UUID vendorId = Bodies.uuid(body, "vendorId");
        UUID machineId = Bodies.uuid(body, "machineId");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            JsonObject out = vendors.grant(p, remote, enterpriseId, vendorId, machineId);
            principals.forgetGrants();
            return out;
        });
    }

    private void revoke(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID enterpriseId = Params.uuid(ctx, "id");
        UUID vendorId = Params.uuid(ctx, "vendorId");
        UUID machineId = Params.uuid(ctx, "machineId");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            JsonObject out = vendors.revoke(p, remote, enterpriseId, vendorId, machineId);
            principals.forgetGrants();
            return out;
        });
    }
}
