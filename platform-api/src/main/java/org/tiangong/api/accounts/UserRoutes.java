package org.tiangong.api.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/** User administration ({@code admin} only, {@link UserAdmin}). Every change is audited. */
public final class UserRoutes {

    private final UserAdmin admin;
    private final Blocking blocking;
    private final PrincipalCache principals;

    public UserRoutes(
            UserStore users,
            VendorStore vendors,
            TenantScope scope,
            PasswordHasher hasher,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            PrincipalCache principals) {
        this.admin = new UserAdmin(users, vendors, scope, hasher, access, audit);
        this.principals = principals;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/users").handler(this::list);
        api.get("/users/:id").handler(this::one);
        api.post("/users").handler(this::create);
        api.patch("/users/:id").handler(this::update);
    }

    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> admin.all(p));
    }

    private void one(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> admin.one(p, id));
    }

    private void create(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        JsonObject body = Bodies.object(ctx);
        String username = Bodies.string(body, "username", 64).trim().toLowerCase(Locale.ROOT);
        if (!username.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
            throw ApiException.badRequest(
                    "username must be 3–64 characters: lower-case letters, digits, '.', '_' or '-'");
        }
        String displayName = Bodies.string(body, "displayName", 100);
        Role role = role(Bodies.string(body, "role", 20));
        UUID enterpriseId = Bodies.optionalUuid(body, "enterpriseId");
        UUID vendorId = Bodies.optionalUuid(body, "vendorId");
        String password = Bodies.string(body, "password", 200);
        String weak = PasswordHasher.weakness(password, username);
        if (weak != null) throw ApiException.badRequest(weak);
        var user = new UserAdmin.NewUser(username, displayName, role, enterpriseId, vendorId, password);
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> admin.create(p, remote, user));
    }

    private void update(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        String displayName = Bodies.optionalString(body, "displayName", 100);
        String roleKey = Bodies.optionalString(body, "role", 20);
        Role role = roleKey == null ? null : role(roleKey);
        Boolean disabled = Bodies.optionalBoolean(body, "disabled");
        UUID enterpriseId = Bodies.optionalUuid(body, "enterpriseId");
        UUID vendorId = Bodies.optionalUuid(body, "vendorId");
        String password = Bodies.optionalString(body, "password", 200);
        if (password != null && PasswordHasher.weakness(password) != null)
            throw ApiException.badRequest(PasswordHasher.weakness(password));
        var change = new UserAdmin.UserChange(
                displayName,
                role,
                disabled,
                body.containsKey("enterpriseId"),
                enterpriseId,
                body.containsKey("vendorId"),
                vendorId,
                password);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            JsonObject updated = admin.update(p, remote, id, change);
            principals.forgetUser(id); // a role, binding, disabled flag or password counts on the next request
            return updated;
        });
    }

    private static Role role(String key) {
        return Role.fromKey(key)
                .orElseThrow(() -> ApiException.badRequest("role must be one of admin, plant_manager, bureau, vendor"));
    }
}
