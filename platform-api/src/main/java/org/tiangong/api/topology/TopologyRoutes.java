package org.tiangong.api.topology;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
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
        created(
                ctx,
                Write.of(ctx, false),
                (p, remote, id, code, name) -> topology.createEnterprise(p, remote, code, name));
    }

    private void updateEnterprise(RoutingContext ctx) {
        changed(ctx, Write.of(ctx, true), topology::updateEnterprise);
    }

    private void createPlant(RoutingContext ctx) {
        Write w = Write.of(ctx, true);
        String code = TopologyFields.code(w.body(), true);
        String name = TopologyFields.name(w.body(), true);
        String timeZone = TopologyFields.timeZone(w.body());
        blocking.respondCreated(
                ctx, () -> topology.createPlant(w.principal(), w.remote(), w.id(), code, name, timeZone));
    }

    private void updatePlant(RoutingContext ctx) {
        Write w = Write.of(ctx, true);
        TopologyFields.requireOneOf(w.body(), "code", "name", "timeZone");
        String code = TopologyFields.code(w.body(), false);
        String name = TopologyFields.name(w.body(), false);
        String timeZone = TopologyFields.timeZone(w.body());
        blocking.respond(ctx, () -> topology.updatePlant(w.principal(), w.remote(), w.id(), code, name, timeZone));
    }

    private void createLine(RoutingContext ctx) {
        created(ctx, Write.of(ctx, true), topology::createLine);
    }

    private void updateLine(RoutingContext ctx) {
        changed(ctx, Write.of(ctx, true), topology::updateLine);
    }

    private void createMachine(RoutingContext ctx) {
        Write w = Write.of(ctx, true);
        String code = TopologyFields.code(w.body(), true);
        String name = TopologyFields.name(w.body(), true);
        var kind = TopologyFields.kind(w.body(), true);
        String model = model(w.body());
        Double ideal = TopologyFields.idealCycleSeconds(w.body(), "idealCycleTimeSeconds");
        Double rated = TopologyFields.ratedPowerKw(w.body());
        blocking.respondCreated(
                ctx,
                () -> topology.createMachine(w.principal(), w.remote(), w.id(), code, name, kind, model, ideal, rated));
    }

    private void updateMachine(RoutingContext ctx) {
        Write w = Write.of(ctx, true);
        JsonObject body = w.body();
        TopologyFields.requireOneOf(
                body, "code", "name", "kind", "model", "retired", "idealCycleTimeSeconds", "ratedPowerKw");
        String model = model(body);
        boolean setsIdeal = body.containsKey("idealCycleTimeSeconds");
        Instant effectiveFrom = Bodies.optionalTime(body, "effectiveFrom");
        if (effectiveFrom != null && !setsIdeal)
            throw ApiException.badRequest("effectiveFrom goes with idealCycleTimeSeconds");
        var change = new TopologyService.MachineChange(
                TopologyFields.code(body, false),
                TopologyFields.name(body, false),
                TopologyFields.kind(body, false),
                model,
                body.containsKey("model") && model == null,
                Bodies.optionalBoolean(body, "retired"),
                setsIdeal,
                TopologyFields.idealCycleSeconds(body, "idealCycleTimeSeconds"),
                // a change without a time applies from now on: past OEE keeps the value in force then
                setsIdeal && effectiveFrom == null ? clock.instant() : effectiveFrom,
                body.containsKey("ratedPowerKw"),
                TopologyFields.ratedPowerKw(body));
        blocking.respond(ctx, () -> topology.updateMachine(w.principal(), w.remote(), w.id(), change));
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
        Write w = Write.of(ctx, true);
        JsonObject body = w.body();
        if (!body.containsKey("seconds"))
            throw ApiException.badRequest("seconds is required (a number, or null for unknown)");
        Double seconds = TopologyFields.idealCycleSeconds(body, "seconds");
        // absent: from now on; explicit null: for all time (a correction of a wrong first value)
        Instant effectiveFrom = body.containsKey("effectiveFrom") && body.getValue("effectiveFrom") == null
                ? null
                : body.containsKey("effectiveFrom") ? Bodies.optionalTime(body, "effectiveFrom") : clock.instant();
        blocking.respondCreated(
                ctx, () -> topology.setIdealCycle(w.principal(), w.remote(), w.id(), seconds, effectiveFrom));
    }

    /** A new enterprise or line: code and name required. */
    private void created(RoutingContext ctx, Write w, CodeAndName write) {
        String code = TopologyFields.code(w.body(), true);
        String name = TopologyFields.name(w.body(), true);
        blocking.respondCreated(ctx, () -> write.apply(w.principal(), w.remote(), w.id(), code, name));
    }

    /** A changed enterprise or line: at least one of code and name. */
    private void changed(RoutingContext ctx, Write w, CodeAndName write) {
        TopologyFields.requireOneOf(w.body(), "code", "name");
        String code = TopologyFields.code(w.body(), false);
        String name = TopologyFields.name(w.body(), false);
        blocking.respond(ctx, () -> write.apply(w.principal(), w.remote(), w.id(), code, name));
    }

    /** The machine's model, trimmed; blank or absent is none. */
    private static String model(JsonObject body) {
        String model = Bodies.optionalString(body, "model", 100);
        return model == null || model.isBlank() ? null : model.trim();
    }

    /** What every write request carries: who asks, from where, the path's id (null where there is none), the body. */
    private record Write(Principal principal, String remote, UUID id, JsonObject body) {
        static Write of(RoutingContext ctx, boolean withId) {
            Principal p = AuthHandler.principal(ctx);
            UUID id = withId ? Params.uuid(ctx, "id") : null;
            return new Write(p, Audit.remote(ctx), id, Bodies.object(ctx));
        }
    }

    /** A service write that takes a code and a name. */
    @FunctionalInterface
    private interface CodeAndName {
        JsonObject apply(Principal p, String remote, UUID id, String code, String name) throws SQLException;
    }
}
