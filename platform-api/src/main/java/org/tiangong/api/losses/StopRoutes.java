package org.tiangong.api.losses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.tiangong.analytics.losses.ReasonStore;
import org.tiangong.analytics.losses.StopClassifications;
import org.tiangong.analytics.losses.StopLog;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateSource;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * A machine's state timeline and stops, and operators classifying the ones no alarm names (from the plant's downtime-reason list); the
 * reason then counts in the downtime Pareto. Classifying is audited.
 */
public final class StopRoutes {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(8);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final int MAX_STOPS = 500;
    static final int MAX_INTERVALS = 50_000;

    private final StopLog log;
    private final StateSource states;
    private final StopClassifications classifications;
    private final ReasonStore reasons;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;
    private final Clock clock;

    public StopRoutes(
            StopLog log,
            StateSource states,
            StopClassifications classifications,
            ReasonStore reasons,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            Clock clock) {
        this.log = log;
        this.states = states;
        this.classifications = classifications;
        this.reasons = reasons;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/machines/:id/state-intervals").handler(this::timeline);
        api.get("/machines/:id/stops").handler(this::list);
        api.put("/machines/:id/stops/:start/reason").handler(this::classify);
    }

    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID machine = Params.uuid(ctx, "id");
        Params.TimeWindow w = Params.window(ctx, clock.instant(), DEFAULT_WINDOW);
        if (w.length().compareTo(MAX_WINDOW) > 0)
            throw ApiException.badRequest("the window may span at most " + MAX_WINDOW.toDays() + " days");
        int limit = limit(ctx.queryParams().get("limit"));
        blocking.respond(ctx, () -> {
            access.requireMachine(p, machine);
            JsonArray out = new JsonArray();
            for (StopLog.Stop s : log.stops(machine, w.from(), w.to(), limit)) out.add(json(s));
            return out;
        });
    }

    /** The state timeline: consecutive intervals, gaps in the data as no_data. */
    private void timeline(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID machine = Params.uuid(ctx, "id");
        Params.TimeWindow w = Params.window(ctx, clock.instant(), DEFAULT_WINDOW);
        if (w.length().compareTo(MAX_WINDOW) > 0)
            throw ApiException.badRequest("the window may span at most " + MAX_WINDOW.toDays() + " days");
        Instant now = clock.instant();
        Instant end = w.to().isAfter(now) ? now : w.to();
        blocking.respond(ctx, () -> {
            access.requireMachine(p, machine);
            JsonArray out = new JsonArray();
            if (!end.isAfter(w.from())) return out;
            for (StateInterval i : states.load(machine, w.from(), end).intervals(w.from(), end)) {
                if (out.size() >= MAX_INTERVALS)
                    throw ApiException.badRequest("more than " + MAX_INTERVALS + " state changes: narrow the window");
                out.add(new JsonObject()
                        .put("start", i.start().toString())
                        .put("end", i.end().toString())
                        .put("state", i.state()));
            }
            return out;
        });
    }

    private void classify(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID machine = Params.uuid(ctx, "id");
        Instant start = start(ctx.pathParam("start"));
        JsonObject body = Bodies.object(ctx);
        if (!(body.getValue("code") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.badRequest(
                    "code must be the whole-number code of a downtime reason (GET /api/v1/downtime-reasons)");
        }
        int code = n.intValue();
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireMachine(p, machine);
            access.requireManageEnterprise(
                    p, scope.enterpriseOfMachine(machine).orElseThrow(() -> ApiException.notFound("no such machine")));
            ReasonStore.Reason reason = reasons.all().stream()
                    .filter(r -> r.code() == code)
                    .findFirst()
                    .orElseThrow(() -> ApiException.badRequest("no downtime reason has code " + code));
            StopLog.Stop stop = log.stopAt(machine, start)
                    .orElseThrow(() -> ApiException.notFound("this machine has no stop that began at " + start));
            if (!stop.classifiable()) {
                throw ApiException.conflict("alarm " + stop.alarmCode() + " already names this stop");
            }
            classifications.put(machine, start, code, p.userId());
            audit.record(
                    p,
                    remote,
                    "stop_classified",
                    machine.toString(),
                    new JsonObject()
                            .put("stopStart", start.toString())
                            .put("code", code)
                            .put("reason", reason.name())
                            .put(
                                    "previous",
                                    stop.classification() == null
                                            ? null
                                            : stop.classification().reason().code()));
            return json(log.stopAt(machine, start).orElseThrow());
        });
    }

    static JsonObject json(StopLog.Stop s) {
        JsonObject out = new JsonObject()
                .put("start", s.start().toString())
                .put("end", s.end().toString())
                .put("ongoing", s.ongoing())
                .put("seconds", Duration.between(s.start(), s.end()).toMillis() / 1000.0)
                .put("state", s.state())
                .put("alarmCode", s.alarmCode())
                .put("reason", s.reason())
                .put("classifiable", s.classifiable());
        if (s.classification() != null) {
            out.put(
                    "classification",
                    new JsonObject()
                            .put("code", s.classification().reason().code())
                            .put("name", s.classification().reason().name())
                            .put("by", s.classification().classifiedByName())
                            .put("at", s.classification().classifiedAt().toString()));
        }
        return out;
    }

    private static Instant start(String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("the stop's start must be an ISO-8601 time like 2026-11-28T08:00:00Z");
        }
    }

    private static int limit(String raw) {
        if (raw == null) return 100;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_STOPS) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_STOPS);
    }
}
