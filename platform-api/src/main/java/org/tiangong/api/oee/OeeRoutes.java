package org.tiangong.api.oee;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeBucket;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.accounts.VisibilityCache;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;
import org.tiangong.api.http.SharedAnswers;
import org.tiangong.api.http.WriteEpoch;

/**
 * OEE of a machine, line, plant or enterprise by shift, hour or day (docs/metrics.md). Closed time is read from
 * rollups, so windows reach a year (a month by hour, to keep answers small).
 */
public final class OeeRoutes {

    /** The longest window of figures computed from raw state changes (downtime). */
    public static final Duration MAX_RAW_WINDOW = Duration.ofDays(31);
    /** The longest window of figures read from rollups (OEE by shift or day, energy). */
    public static final Duration MAX_ROLLUP_WINDOW = Duration.ofDays(366);

    private final GroupScope scope;
    private final OeeService oee;
    private final Blocking blocking;
    private final Clock clock;

    /** Identical group OEE requests within this time share one computation. */
    public static final Duration SHARED_FOR = Duration.ofSeconds(2);

    private record GroupKey(
            String level, UUID id, List<UUID> machines, Params.TimeWindow window, Granularity g, long writes) {}

    private final VisibilityCache visibility;
    private final SharedAnswers<GroupKey, JsonObject> shared = new SharedAnswers<>(SHARED_FOR, 10_000);

    private final WriteEpoch writes;

    public OeeRoutes(
            GroupScope scope,
            OeeService oee,
            Blocking blocking,
            Clock clock,
            VisibilityCache visibility,
            WriteEpoch writes) {
        this.visibility = visibility;
        this.writes = writes;
        this.scope = scope;
        this.oee = oee;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/machines/:id/oee").handler(this::machine);
        api.get("/lines/:id/oee").handler(this::line);
        api.get("/plants/:id/oee").handler(this::plant);
        api.get("/enterprises/:id/oee").handler(this::enterprise);
    }

    private void line(RoutingContext ctx) {
        group(ctx, "line", "lineId");
    }

    private void plant(RoutingContext ctx) {
        group(ctx, "plant", "plantId");
    }

    private void enterprise(RoutingContext ctx) {
        group(ctx, "enterprise", "enterpriseId");
    }

    private record Query(Params.TimeWindow window, Granularity granularity) {}

    /** from/to (default: the last 24 h), at most {@code max} long. */
    public static Params.TimeWindow window(RoutingContext ctx, Clock clock, Duration max) {
        Params.TimeWindow w = Params.window(ctx, clock.instant(), Duration.ofHours(24));
        if (w.length().compareTo(max) > 0)
            throw ApiException.badRequest("the window may span at most " + max.toDays() + " days");
        return w;
    }

    private Query query(RoutingContext ctx) {
        String g = ctx.queryParams().get("granularity");
        Granularity granularity = g == null
                ? Granularity.SHIFT
                : Granularity.fromKey(g)
                        .orElseThrow(() -> ApiException.badRequest("granularity must be shift, hour or day"));
        Params.TimeWindow w = window(ctx, clock, granularity == Granularity.HOUR ? MAX_RAW_WINDOW : MAX_ROLLUP_WINDOW);
        return new Query(w, granularity);
    }

    private static JsonObject report(String idKey, UUID id, Query q, OeeReport report) {
        JsonArray buckets = new JsonArray();
        for (OeeBucket b : report.buckets()) {
            buckets.add(json(b.result())
                    .put("label", b.label())
                    .put("from", b.range().start().toString())
                    .put("to", b.range().end().toString()));
        }
        return new JsonObject()
                .put(idKey, id.toString())
                .put("from", q.window().from().toString())
                .put("to", q.window().to().toString())
                .put("granularity", q.granularity().name().toLowerCase(java.util.Locale.ROOT))
                .put("total", json(report.total()))
                .put("buckets", buckets);
    }

    private void machine(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        Query q = query(ctx);
        blocking.respond(ctx, () -> {
            scope.visibleMachines(p, "machine", id); // 404 unless the caller may see it
            return report(
                    "machineId",
                    id,
                    q,
                    oee.machineOee(id, q.window().from(), q.window().to(), q.granularity()));
        });
    }

    /** Line, plant and enterprise OEE: over the machines of the group that the caller may see. */
    private void group(RoutingContext ctx, String level, String idKey) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        Query q = query(ctx);
        blocking.respond(ctx, () -> {
            List<UUID> visible = visibility.machines(p, level, id, () -> scope.visibleMachines(p, level, id));
            // the key holds the caller's visible machines: callers who see different machines never share
            return shared.get(
                    new GroupKey(level, id, visible, q.window(), q.granularity(), writes.current()),
                    () -> report(
                                    idKey,
                                    id,
                                    q,
                                    oee.groupOee(
                                            visible,
                                            q.window().from(),
                                            q.window().to(),
                                            q.granularity()))
                            .put("machineCount", visible.size()));
        });
    }

    /** OEE as JSON, the same wherever it appears (reports, buckets, the Andon board, before/after). */
    public static JsonObject json(OeeResult r) {
        return new JsonObject()
                .put("availability", r.availability())
                .put("performance", r.performance())
                .put("quality", r.quality())
                .put("oee", r.oee())
                .put("dataCoverage", r.dataCoverage())
                .put("performanceRaw", r.performanceRaw())
                .put("performanceCapped", r.performanceCapped())
                .put("plannedProductionSeconds", r.plannedProductionSeconds())
                .put("plannedWithDataSeconds", r.plannedWithDataSeconds())
                .put("runSeconds", r.runSeconds())
                .put("idealCycleSeconds", Double.isFinite(r.idealCycleSeconds()) ? r.idealCycleSeconds() : null)
                .put("goodCount", r.goodCount())
                .put("scrapCount", r.scrapCount())
                .put("totalCount", r.totalCount());
    }
}
