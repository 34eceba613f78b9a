package org.tiangong.api.oee;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeBucket;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.api.auth.AuthHandler;
import org.tiangong.api.auth.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;
import org.tiangong.api.plant.PlantService;

import java.time.Clock;
import java.time.Duration;

/** A machine's OEE by shift, hour or day (docs/metrics.md). Computed from raw data, so windows are capped at 31 days. */
public final class OeeRoutes {

    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final PlantService plants;
    private final OeeService oee;
    private final Blocking blocking;
    private final Clock clock;

    public OeeRoutes(PlantService plants, OeeService oee, Blocking blocking, Clock clock) {
        this.plants = plants;
        this.oee = oee;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/machines/:id/oee").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            Params.TimeWindow w = Params.window(ctx, clock.instant(), Duration.ofHours(24));
            if (w.length().compareTo(MAX_WINDOW) > 0) throw ApiException.badRequest("the OEE window may span at most 31 days");
            String g = ctx.queryParams().get("granularity");
            Granularity granularity = g == null ? Granularity.SHIFT : Granularity.fromKey(g)
                    .orElseThrow(() -> ApiException.badRequest("granularity must be shift, hour or day"));
            blocking.respond(ctx, () -> {
                plants.requireMachine(p, id);
                var report = oee.machineOee(id, w.from(), w.to(), granularity);
                JsonArray buckets = new JsonArray();
                for (OeeBucket b : report.buckets()) {
                    buckets.add(json(b.result()).put("label", b.label()).put("from", b.range().start().toString())
                            .put("to", b.range().end().toString()));
                }
                return new JsonObject().put("machineId", id.toString()).put("from", w.from().toString()).put("to", w.to().toString())
                        .put("granularity", granularity.name().toLowerCase(java.util.Locale.ROOT))
                        .put("total", json(report.total())).put("buckets", buckets);
            });
        });
    }

    static JsonObject json(OeeResult r) {
        return new JsonObject()
                .put("availability", r.availability()).put("performance", r.performance()).put("quality", r.quality())
                .put("oee", r.oee()).put("performanceRaw", r.performanceRaw()).put("performanceCapped", r.performanceCapped())
                .put("plannedProductionSeconds", r.plannedProductionSeconds()).put("runSeconds", r.runSeconds())
                .put("idealCycleSeconds", Double.isFinite(r.idealCycleSeconds()) ? r.idealCycleSeconds() : null)
                .put("goodCount", r.goodCount()).put("scrapCount", r.scrapCount()).put("totalCount", r.totalCount());
    }
}
