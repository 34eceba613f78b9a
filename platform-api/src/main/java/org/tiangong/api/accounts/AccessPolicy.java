package org.tiangong.api.accounts;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.http.ApiException;

/**
 * The one place that decides what a principal may see and change. Handlers ask it; they never repeat the rules.
 *
 * <ul>
 *   <li>admin and bureau see every enterprise; the bureau changes nothing;</li>
 *   <li>a plant manager sees and manages only its own enterprise;</li>
 *   <li>a vendor sees only machines granted to its organisation, and the enterprise, plant and line around them.</li>
 * </ul>
 * What a principal may not see does not exist for it: 404, never 403, so ids cannot be probed. A visible object
 * that the role may not change is 403. Blocking (JDBC): call from a worker.
 */
public final class AccessPolicy {

    private final TenantScope scope;

    public AccessPolicy(TenantScope scope) {
        this.scope = scope;
    }

    /** 403 unless the principal has one of the roles. */
    public void requireRole(Principal p, Role... roles) {
        if (Arrays.asList(roles).contains(p.role())) return;
        throw ApiException.forbidden("the " + p.role().key() + " role may not do this");
    }

    public boolean canSeeEnterprise(Principal p, UUID enterpriseId) throws SQLException {
        return switch (p.role()) {
            case ADMIN, BUREAU -> scope.enterpriseExists(enterpriseId);
            case PLANT_MANAGER -> enterpriseId.equals(p.enterpriseId());
            case VENDOR -> scope.vendorHasMachineIn(p.vendorId(), "enterprise", enterpriseId);
        };
    }

    public boolean canSeePlant(Principal p, UUID plantId) throws SQLException {
        return canSee(p, scope.enterpriseOfPlant(plantId), "plant", plantId);
    }

    public boolean canSeeLine(Principal p, UUID lineId) throws SQLException {
        return canSee(p, scope.enterpriseOfLine(lineId), "line", lineId);
    }

    public boolean canSeeMachine(Principal p, UUID machineId) throws SQLException {
        return canSee(p, scope.enterpriseOfMachine(machineId), "machine", machineId);
    }

    public void requireEnterprise(Principal p, UUID id) throws SQLException {
        if (!canSeeEnterprise(p, id)) throw ApiException.notFound("no such enterprise");
    }

    public void requirePlant(Principal p, UUID id) throws SQLException {
        if (!canSeePlant(p, id)) throw ApiException.notFound("no such plant");
    }

    public void requireLine(Principal p, UUID id) throws SQLException {
        if (!canSeeLine(p, id)) throw ApiException.notFound("no such line");
    }

    public void requireMachine(Principal p, UUID id) throws SQLException {
        if (!canSeeMachine(p, id)) throw ApiException.notFound("no such machine");
    }

    /**
     * May the principal manage the enterprise (its grants, later its registry and mappings)? 404 when it cannot
     * even see it, 403 when it can see but not manage it.
     */
    public void requireManageEnterprise(Principal p, UUID enterpriseId) throws SQLException {
        requireEnterprise(p, enterpriseId);
        if (p.is(Role.ADMIN) || (p.is(Role.PLANT_MANAGER) && enterpriseId.equals(p.enterpriseId()))) return;
        throw ApiException.forbidden("the " + p.role().key() + " role may not change this enterprise");
    }

    private boolean canSee(Principal p, Optional<UUID> enterprise, String level, UUID id) throws SQLException {
        if (enterprise.isEmpty()) return false;
        return switch (p.role()) {
            case ADMIN, BUREAU -> true;
            case PLANT_MANAGER -> enterprise.get().equals(p.enterpriseId());
            case VENDOR -> scope.vendorHasMachineIn(p.vendorId(), level, id);
        };
    }
}
