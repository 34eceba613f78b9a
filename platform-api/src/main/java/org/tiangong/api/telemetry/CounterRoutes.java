package org.tiangong.api.telemetry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.SignalInfo;
import org.tiangong.analytics.rollup.CounterEvents;
import org.tiangong.analytics.telemetry.CounterCeilings;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;
import org.tiangong.api.topology.PlantService;

/**
 * Counters and meters (docs/metrics.md, "Counters and meters"): the readings a machine's counters showed that were
 * not counted (re-bases, implausible jumps), and a counter's own ceiling, which plant managers and admins set.
 */
public final class CounterRoutes {

    /** The longest window of counter events in one request. */
    static final Duration MAX_EVENTS_WINDOW = Duration.ofDays(31);

    private final PlantService plants;
    private final CounterEvents events;
    private final CounterCeilings ceilings;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;
    private final Clock clock;

    public CounterRoutes(
            PlantService plants,
            CounterEvents events,
            CounterCeilings ceilings,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            Clock clock) {
        this.plants = plants;
        this.events = events;
        this.ceilings = ceilings;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/machines/:id/counter-events").handler(this::counterEvents);
        api.put("/machines/:id/signals/:signal/counter-limit").handler(this::setCounterLimit);
    }

    private void counterEvents(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        var id = Params.uuid(ctx, "id");
        Params.TimeWindow w = Params.window(ctx, clock.instant(), Duration.ofDays(1));
        if (w.length().compareTo(MAX_EVENTS_WINDOW) > 0)
            throw ApiException.badRequest("from..to may span at most 31 days");
        blocking.respond(ctx, () -> {
            plants.requireMachine(p, id);
            JsonArray out = new JsonArray();
            for (CounterEvents.Entry e : events.between(id, w.from(), w.to())) {
                out.add(new JsonObject()
                        .put("signal", e.signal())
                        .put("kind", e.event().kind().key())
                        .put("time", e.event().time().toString())
                        .put("previousTime", e.event().previousTime().toString())
                        .put("from", e.event().fromValue())
                        .put("to", e.event().toValue())
                        .put("message", e.event().describe()));
            }
            return new JsonObject()
                    .put("machineId", id.toString())
                    .put("from", w.from().toString())
                    .put("to", w.to().toString())
                    .put("events", out);
        });
    }

    /** Body {@code {"maxPerHour": 240}} (parts/h, or kW for the meter) or {@code {"maxPerHour": null}} to clear. */
    private void setCounterLimit(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        var id = Params.uuid(ctx, "id");
        String signalKey = ctx.pathParam("signal");
        JsonObject body = Bodies.object(ctx);
        if (!body.containsKey("maxPerHour"))
            throw ApiException.badRequest("maxPerHour is required: a number > 0, or null to use the machine's data");
        Object raw = body.getValue("maxPerHour");
        if (raw != null && !(raw instanceof Number))
            throw ApiException.badRequest("maxPerHour must be a number > 0, or null");
        Double max = raw == null ? null : ((Number) raw).doubleValue();
        if (max != null && !(max > 0 && max < CounterCeilings.MAX_PER_HOUR))
            throw ApiException.badRequest("maxPerHour must be > 0 and < 1e9");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER);
            SignalInfo signal = plants.requireSignal(p, id, signalKey);
            if (signal.signal() != CanonicalSignal.PARTS_GOOD
                    && signal.signal() != CanonicalSignal.PARTS_SCRAP
                    && signal.signal() != CanonicalSignal.ENERGY)
                throw ApiException.badRequest("only parts_good, parts_scrap and energy are counters; "
                        + signal.signal().key() + " is not");
            ceilings.set(signal.id(), max);
            JsonObject out = new JsonObject()
                    .put("machineId", id.toString())
                    .put("signal", signal.signal().key())
                    .put("maxPerHour", max);
            audit.record(
                    p, remote, "counter_limit_set", id + "/" + signal.signal().key(), out);
            return out;
        });
    }
}
