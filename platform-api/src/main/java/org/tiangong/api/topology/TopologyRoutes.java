package org.tiangong.api.topology;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * Creating and changing the plant hierarchy (issue 13), next to the reads of {@code PlantRoutes}. Bodies use the
 * fields of the GET representations. A new enterprise is the admin's; plants, lines and machines are created and
 * changed by an admin or the enterprise's plant manager. Codes are unique under their parent (409).
 */
public final class TopologyRoutes {

    private final TopologyService topology;
    private final Blocking blocking;
    private final java.time.Clock clock;

    public TopologyRoutes(TopologyService topology, Blocking blocking, java.time.Clock clock) {
        this.topology = topology;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.post("/enterprises").handler(this::createEnterprise);
        api.patch("/enterprises/:id").handler(this::updateEnterprise);
        api.post("/enterprises/:id/plants").handler(this::createPlant);
        api.patch("/plants/:id").handler(this::updatePlant);
        api.post("/plants/:id/lines").handler(this::createLine);
        api.patch("/lines/:id").handler(this::updateLine);
        api.post("/lines/:id/machines").handler(this::createMachine);
        api.patch("/machines/:id").handler(this::updateMachine);
        api.delete("/machines/:id").handler(this::deleteMachine);
        api.get("/machines/:id/ideal-cycle-times").handler(this::idealCycleHistory);
        api.post("/machines/:id/ideal-cycle-times").handler(this::setIdealCycle);
    }

    private void createEnterprise(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        JsonObject body = Bodies.object(ctx);
        String code = TopologyFields.code(body, true);
        String name = TopologyFields.name(body, true);
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> topology.createEnterprise(p, remote, code, name));
    }

    private void updateEnterprise(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        TopologyFields.requireOneOf(body, "code", "name");
        String code = TopologyFields.code(body, false);
        String name = TopologyFields.name(body, false);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> topology.updateEnterprise(p, remote, id, code, name));
    }

    private void createPlant(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID enterpriseId = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        String code = TopologyFields.code(body, true);
        String name = TopologyFields.name(body, true);
        String timeZone = TopologyFields.timeZone(body);
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> topology.createPlant(p, remote, enterpriseId, code, name, timeZone));
    }

    private void updatePlant(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        TopologyFields.requireOneOf(body, "code", "name", "timeZone");
        String code = TopologyFields.code(body, false);
        String name = TopologyFields.name(body, false);
        String timeZone = TopologyFields.timeZone(body);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> topology.updatePlant(p, remote, id, code, name, timeZone));
    }

    private void createLine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID plantId = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        String code = TopologyFields.code(body, true);
        String name = TopologyFields.name(body, true);
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> topology.createLine(p, remote, plantId, code, name));
    }

    private void updateLine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        TopologyFields.requireOneOf(body, "code", "name");
        String code = TopologyFields.code(body, false);
        String name = TopologyFields.name(body, false);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> topology.updateLine(p, remote, id, code, name));
    }

    private void createMachine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID lineId = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        String code = TopologyFields.code(body, true);
        String name = TopologyFields.name(body, true);
        var kind = TopologyFields.kind(body, true);
        String model = Bodies.optionalString(body, "model", 100);
        Double ideal = TopologyFields.idealCycleSeconds(body, "idealCycleTimeSeconds");
        String remote = Audit.remote(ctx);
        blocking.respondCreated(
                ctx,
                () -> topology.createMachine(
                        p,
                        remote,
                        lineId,
                        code,
                        name,
                        kind,
                        model == null || model.isBlank() ? null : model.trim(),
                        ideal));
    }

    private void updateMachine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        TopologyFields.requireOneOf(body, "code", "name", "kind", "model", "retired", "idealCycleTimeSeconds");
        String model = Bodies.optionalString(body, "model", 100);
        boolean setsIdeal = body.containsKey("idealCycleTimeSeconds");
        Instant effectiveFrom = Bodies.optionalTime(body, "effectiveFrom");
        if (effectiveFrom != null && !setsIdeal)
            throw ApiException.badRequest("effectiveFrom goes with idealCycleTimeSeconds");
        var change = new TopologyService.MachineChange(
                TopologyFields.code(body, false),
                TopologyFields.name(body, false),
                TopologyFields.kind(body, false),
                model == null || model.isBlank() ? null : model.trim(),
                body.containsKey("model") && (model == null || model.isBlank()),
                Bodies.optionalBoolean(body, "retired"),
                setsIdeal,
                TopologyFields.idealCycleSeconds(body, "idealCycleTimeSeconds"),
                // a change without a time applies from now on: past OEE keeps the value in force then
                setsIdeal && effectiveFrom == null ? clock.instant() : effectiveFrom);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> topology.updateMachine(p, remote, id, change));
    }

    private void deleteMachine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> topology.deleteMachine(p, remote, id));
    }

    private void idealCycleHistory(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> topology.idealCycleHistory(p, id));
    }

    private void setIdealCycle(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        if (!body.containsKey("seconds"))
            throw ApiException.badRequest("seconds is required (a number, or null for unknown)");
        Double seconds = TopologyFields.idealCycleSeconds(body, "seconds");
        // absent: from now on; explicit null: for all time (a correction of a wrong first value)
        Instant effectiveFrom = body.containsKey("effectiveFrom") && body.getValue("effectiveFrom") == null
                ? null
                : body.containsKey("effectiveFrom") ? Bodies.optionalTime(body, "effectiveFrom") : clock.instant();
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> topology.setIdealCycle(p, remote, id, seconds, effectiveFrom));
    }
}
