package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.sql.SQLException;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/** User administration ({@code admin} only). Every change is audited. */
public final class UserRoutes {

    private final UserStore users;
    private final VendorStore vendors;
    private final TenantScope scope;
    private final PasswordHasher hasher;
    private final AccessPolicy access;
    private final Audit audit;
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
        this.principals = principals;
        this.users = users;
        this.vendors = vendors;
        this.scope = scope;
        this.hasher = hasher;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/users").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            blocking.respond(ctx, () -> {
                access.requireRole(p, Role.ADMIN);
                JsonArray out = new JsonArray();
                for (UserAccount u : users.all()) out.add(UserJson.of(u));
                return out;
            });
        });
        api.get("/users/:id").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                access.requireRole(p, Role.ADMIN);
                return UserJson.of(users.byId(id).orElseThrow(() -> ApiException.notFound("no user " + id)));
            });
        });
        api.post("/users").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            JsonObject body = Bodies.object(ctx);
            String username = Bodies.string(body, "username", 64).trim().toLowerCase(java.util.Locale.ROOT);
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
            String remote = Audit.remote(ctx);
            blocking.respondCreated(ctx, () -> {
                access.requireRole(p, Role.ADMIN);
                checkBinding(role, enterpriseId, vendorId);
                if (users.byUsername(username).isPresent()) {
                    throw ApiException.conflict("user name " + username + " is taken");
                }
                UserAccount created =
                        users.create(username, displayName, role, enterpriseId, vendorId, hasher.hash(password));
                audit.record(p, remote, "user_created", created.id().toString(), UserJson.of(created));
                return UserJson.of(created);
            });
        });
        api.patch("/users/:id").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID id = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            String displayName = Bodies.optionalString(body, "displayName", 100);
            String roleKey = Bodies.optionalString(body, "role", 20);
            Role newRole = roleKey == null ? null : role(roleKey);
            Boolean disabled = Bodies.optionalBoolean(body, "disabled");
            boolean hasEnterprise = body.containsKey("enterpriseId");
            boolean hasVendor = body.containsKey("vendorId");
            UUID enterpriseId = Bodies.optionalUuid(body, "enterpriseId");
            UUID vendorId = Bodies.optionalUuid(body, "vendorId");
            String password = Bodies.optionalString(body, "password", 200);
            if (password != null && PasswordHasher.weakness(password) != null)
                throw ApiException.badRequest(PasswordHasher.weakness(password));
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireRole(p, Role.ADMIN);
                UserAccount old = users.byId(id).orElseThrow(() -> ApiException.notFound("no user " + id));
                Role role = newRole == null ? old.role() : newRole;
                UUID ent = hasEnterprise ? enterpriseId : (role == Role.PLANT_MANAGER ? old.enterpriseId() : null);
                UUID ven = hasVendor ? vendorId : (role == Role.VENDOR ? old.vendorId() : null);
                checkBinding(role, ent, ven);
                if (id.equals(p.userId()) && (role != Role.ADMIN || Boolean.TRUE.equals(disabled))) {
                    throw ApiException.conflict("an admin cannot demote or disable their own account");
                }
                UserAccount updated = users.update(
                                id,
                                displayName == null ? old.displayName() : displayName,
                                role,
                                ent,
                                ven,
                                disabled == null ? old.disabled() : disabled)
                        .orElseThrow();
                if (password != null) users.setPasswordHash(id, hasher.hash(password));
                principals.forgetUser(id);
                audit.record(
                        p,
                        remote,
                        "user_updated",
                        id.toString(),
                        new JsonObject()
                                .put("before", UserJson.of(old))
                                .put("after", UserJson.of(updated))
                                .put("passwordReset", password != null));
                return UserJson.of(updated);
            });
        });
    }

    private static Role role(String key) {
        return Role.fromKey(key)
                .orElseThrow(() -> ApiException.badRequest("role must be one of admin, plant_manager, bureau, vendor"));
    }

    private void checkBinding(Role role, UUID enterpriseId, UUID vendorId) throws SQLException {
        if (role == Role.PLANT_MANAGER) {
            if (enterpriseId == null) throw ApiException.badRequest("a plant_manager needs enterpriseId");
            if (!scope.enterpriseExists(enterpriseId)) throw ApiException.badRequest("no enterprise " + enterpriseId);
        } else if (enterpriseId != null) {
            throw ApiException.badRequest("only a plant_manager is bound to an enterprise");
        }
        if (role == Role.VENDOR) {
            if (vendorId == null) throw ApiException.badRequest("a vendor needs vendorId");
            if (vendors.byId(vendorId).isEmpty()) throw ApiException.badRequest("no vendor organisation " + vendorId);
        } else if (vendorId != null) {
            throw ApiException.badRequest("only a vendor is bound to a vendor organisation");
        }
    }
}
