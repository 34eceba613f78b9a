package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;

/**
 * User administration for the API ({@code admin} only): what an account may be bound to (a plant manager to an
 * enterprise, a vendor to a vendor organisation), that an admin keeps their own admin rights, and the audit entry of
 * every change. Blocking (JDBC, Argon2): call from a worker.
 */
final class UserAdmin {

    private final UserStore users;
    private final VendorStore vendors;
    private final TenantScope scope;
    private final PasswordHasher hasher;
    private final AccessPolicy access;
    private final Audit audit;

    UserAdmin(
            UserStore users,
            VendorStore vendors,
            TenantScope scope,
            PasswordHasher hasher,
            AccessPolicy access,
            Audit audit) {
        this.users = users;
        this.vendors = vendors;
        this.scope = scope;
        this.hasher = hasher;
        this.access = access;
        this.audit = audit;
    }

    /** A new account, as the request gives it (already checked field by field). */
    record NewUser(String username, String displayName, Role role, UUID enterpriseId, UUID vendorId, String password) {}

    /**
     * What a request asks to change; null fields stay as they are. An enterprise or vendor binding the body does not
     * name ({@code hasEnterprise}, {@code hasVendor} false) stays when the role keeps it, and goes when it does not.
     */
    record UserChange(
            String displayName,
            Role role,
            Boolean disabled,
            boolean hasEnterprise,
            UUID enterpriseId,
            boolean hasVendor,
            UUID vendorId,
            String password) {}

    JsonArray all(Principal p) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        JsonArray out = new JsonArray();
        for (UserAccount u : users.all()) out.add(UserJson.of(u));
        return out;
    }

    JsonObject one(Principal p, UUID id) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        return UserJson.of(users.byId(id).orElseThrow(() -> ApiException.notFound("no user " + id)));
    }

    JsonObject create(Principal p, String remote, NewUser u) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        checkBinding(u.role(), u.enterpriseId(), u.vendorId());
        if (users.byUsername(u.username()).isPresent()) {
            throw ApiException.conflict("user name " + u.username() + " is taken");
        }
        UserAccount created = users.create(
                u.username(), u.displayName(), u.role(), u.enterpriseId(), u.vendorId(), hasher.hash(u.password()));
        audit.record(p, remote, "user_created", created.id().toString(), UserJson.of(created));
        return UserJson.of(created);
    }

    JsonObject update(Principal p, String remote, UUID id, UserChange c) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        UserAccount old = users.byId(id).orElseThrow(() -> ApiException.notFound("no user " + id));
        Role role = c.role() == null ? old.role() : c.role();
        UUID ent = c.hasEnterprise() ? c.enterpriseId() : (role == Role.PLANT_MANAGER ? old.enterpriseId() : null);
        UUID ven = c.hasVendor() ? c.vendorId() : (role == Role.VENDOR ? old.vendorId() : null);
        checkBinding(role, ent, ven);
        if (id.equals(p.userId()) && (role != Role.ADMIN || Boolean.TRUE.equals(c.disabled()))) {
            throw ApiException.conflict("an admin cannot demote or disable their own account");
        }
        UserAccount updated = users.update(
                        id,
                        c.displayName() == null ? old.displayName() : c.displayName(),
                        role,
                        ent,
                        ven,
                        c.disabled() == null ? old.disabled() : c.disabled())
                .orElseThrow();
        if (c.password() != null) users.setPasswordHash(id, hasher.hash(c.password()));
        audit.record(
                p,
                remote,
                "user_updated",
                id.toString(),
                new JsonObject()
                        .put("before", UserJson.of(old))
                        .put("after", UserJson.of(updated))
                        .put("passwordReset", c.password() != null));
        return UserJson.of(updated);
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
