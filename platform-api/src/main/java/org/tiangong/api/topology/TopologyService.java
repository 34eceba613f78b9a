package org.tiangong.api.topology;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.db.ConstraintViolation;
import org.tiangong.analytics.model.Enterprise;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.topology.CodeTakenException;
import org.tiangong.analytics.topology.IdealCycleTimes;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.analytics.topology.TopologyStore;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;

/**
 * Creates and changes the plant hierarchy for the API: who may (an admin everywhere, a plant manager in its own
 * enterprise; a new enterprise is the admin's), what it looks like afterwards, and the audit entry of every change.
 * Blocking (JDBC): call from a worker.
 */
public final class TopologyService {

    private final TopologyStore store;
    private final IdealCycleTimes idealCycles;
    private final PlantDirectory directory;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;

    public TopologyService(
            TopologyStore store,
            IdealCycleTimes idealCycles,
            PlantDirectory directory,
            TenantScope scope,
            AccessPolicy access,
            Audit audit) {
        this.store = store;
        this.idealCycles = idealCycles;
        this.directory = directory;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
    }

    /** What a request asks to change on a machine; null fields stay as they are. */
    public record MachineChange(
            String code,
            String name,
            MachineKind kind,
            String model,
            boolean clearModel,
            Boolean retired,
            boolean setsIdealCycle,
            Double idealCycleSeconds,
            Instant effectiveFrom,
            boolean setsRatedPower,
            Double ratedPowerKw) {}

    public JsonObject createEnterprise(Principal p, String remote, String code, String name) throws SQLException {
        access.requireRole(p, Role.ADMIN);
        Enterprise e = conflictAs409(() -> store.createEnterprise(code, name));
        JsonObject json = TopologyJson.enterprise(e);
        audit.record(p, remote, "enterprise_created", e.id().toString(), json);
        return json;
    }

    public JsonObject updateEnterprise(Principal p, String remote, UUID id, String code, String name)
            throws SQLException {
        access.requireManageEnterprise(p, id);
        Enterprise before = directory.enterprise(id).orElseThrow(() -> ApiException.notFound("no such enterprise"));
        Enterprise after =
                conflictAs409(() -> store.updateEnterprise(id, code, name)).orElseThrow();
        return changed(
                p, remote, "enterprise_updated", id, TopologyJson.enterprise(before), TopologyJson.enterprise(after));
    }

    public JsonObject createPlant(
            Principal p, String remote, UUID enterpriseId, String code, String name, String timeZone)
            throws SQLException {
        access.requireManageEnterprise(p, enterpriseId);
        Plant plant = conflictAs409(
                () -> store.createPlant(enterpriseId, code, name, timeZone == null ? "Asia/Shanghai" : timeZone));
        JsonObject json = TopologyJson.plant(plant);
        audit.record(p, remote, "plant_created", plant.id().toString(), json);
        return json;
    }

    public JsonObject updatePlant(Principal p, String remote, UUID id, String code, String name, String timeZone)
            throws SQLException {
        access.requirePlant(p, id);
        access.requireManageEnterprise(p, scope.enterpriseOfPlant(id).orElseThrow());
        Plant before = directory.plant(id).orElseThrow(() -> ApiException.notFound("no such plant"));
        Plant after =
                conflictAs409(() -> store.updatePlant(id, code, name, timeZone)).orElseThrow();
        return changed(p, remote, "plant_updated", id, TopologyJson.plant(before), TopologyJson.plant(after));
    }

    public JsonObject createLine(Principal p, String remote, UUID plantId, String code, String name)
            throws SQLException {
        access.requirePlant(p, plantId);
        access.requireManageEnterprise(p, scope.enterpriseOfPlant(plantId).orElseThrow());
        Line line = conflictAs409(() -> store.createLine(plantId, code, name));
        JsonObject json = TopologyJson.line(line);
        audit.record(p, remote, "line_created", line.id().toString(), json);
        return json;
    }

    public JsonObject updateLine(Principal p, String remote, UUID id, String code, String name) throws SQLException {
        access.requireLine(p, id);
        access.requireManageEnterprise(p, scope.enterpriseOfLine(id).orElseThrow());
        Line before = directory.line(id).orElseThrow(() -> ApiException.notFound("no such line"));
        Line after = conflictAs409(() -> store.updateLine(id, code, name)).orElseThrow();
        return changed(p, remote, "line_updated", id, TopologyJson.line(before), TopologyJson.line(after));
    }

    public JsonObject createMachine(
            Principal p,
            String remote,
            UUID lineId,
            String code,
            String name,
            MachineKind kind,
            String model,
            Double idealCycleSeconds,
            Double ratedPowerKw)
            throws SQLException {
        access.requireLine(p, lineId);
        access.requireManageEnterprise(p, scope.enterpriseOfLine(lineId).orElseThrow());
        Machine m = conflictAs409(
                () -> store.createMachine(lineId, code, name, kind, model, idealCycleSeconds, ratedPowerKw));
        JsonObject json = TopologyJson.machine(m, null);
        audit.record(p, remote, "machine_created", m.id().toString(), json);
        return json;
    }

    public JsonObject updateMachine(Principal p, String remote, UUID id, MachineChange change) throws SQLException {
        requireManageMachine(p, id);
        Machine before = directory.machine(id).orElseThrow(() -> ApiException.notFound("no such machine"));
        JsonObject beforeJson = TopologyJson.machine(before, store.retiredAt(id).orElse(null));
        conflictAs409(() -> store.updateMachine(
                id,
                change.code(),
                change.name(),
                change.kind(),
                change.model(),
                change.clearModel(),
                change.setsRatedPower(),
                change.ratedPowerKw()));
        JsonObject detail = new JsonObject();
        if (change.retired() != null) detail.put("mappingsRemoved", store.setRetired(id, change.retired()));
        if (change.setsIdealCycle()) {
            idealCycles.set(id, change.effectiveFrom(), change.idealCycleSeconds(), p.username());
            detail.put(
                    "idealCycleEffectiveFrom",
                    change.effectiveFrom() == null
                            ? null
                            : change.effectiveFrom().toString());
        }
        JsonObject after = TopologyJson.machine(
                directory.machine(id).orElseThrow(), store.retiredAt(id).orElse(null));
        audit.record(
                p,
                remote,
                "machine_updated",
                id.toString(),
                detail.put("before", beforeJson).put("after", after));
        return after;
    }

    /** Deletes a machine that never sent data; one with telemetry must be retired instead (409). */
    public JsonObject deleteMachine(Principal p, String remote, UUID id) throws SQLException {
        requireManageMachine(p, id);
        JsonObject before = TopologyJson.machine(
                directory.machine(id).orElseThrow(() -> ApiException.notFound("no such machine")),
                store.retiredAt(id).orElse(null));
        try {
            if (!store.deleteMachine(id)) throw ApiException.notFound("no such machine");
        } catch (IllegalStateException hasTelemetry) {
            throw ApiException.conflict(
                    hasTelemetry.getMessage() + " (PATCH /api/v1/machines/" + id + " {\"retired\": true})");
        } catch (SQLException e) {
            if (ConstraintViolation.is(e, ConstraintViolation.Kind.STILL_REFERENCED))
                throw ApiException.conflict("the machine is still referenced; retire it instead");
            throw e;
        }
        audit.record(p, remote, "machine_deleted", id.toString(), new JsonObject().put("before", before));
        return new JsonObject().put("deleted", id.toString());
    }

    public JsonArray idealCycleHistory(Principal p, UUID machineId) throws SQLException {
        access.requireMachine(p, machineId);
        return TopologyJson.idealCycles(idealCycles.history(machineId));
    }

    public JsonArray setIdealCycle(Principal p, String remote, UUID machineId, Double seconds, Instant effectiveFrom)
            throws SQLException {
        requireManageMachine(p, machineId);
        idealCycles.set(machineId, effectiveFrom, seconds, p.username());
        audit.record(
                p,
                remote,
                "ideal_cycle_time_set",
                machineId.toString(),
                new JsonObject()
                        .put("seconds", seconds)
                        .put("effectiveFrom", effectiveFrom == null ? null : effectiveFrom.toString()));
        return TopologyJson.idealCycles(idealCycles.history(machineId));
    }

    private void requireManageMachine(Principal p, UUID machineId) throws SQLException {
        access.requireMachine(p, machineId);
        access.requireManageEnterprise(p, scope.enterpriseOfMachine(machineId).orElseThrow());
    }

    private JsonObject changed(Principal p, String remote, String action, UUID id, JsonObject before, JsonObject after)
            throws SQLException {
        audit.record(
                p,
                remote,
                action,
                id.toString(),
                new JsonObject().put("before", before).put("after", after));
        return after;
    }

    private interface Write<T> {
        T run() throws SQLException;
    }

    private static <T> T conflictAs409(Write<T> write) throws SQLException {
        try {
            return write.run();
        } catch (CodeTakenException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }
}
