package org.tiangong.api.telemetry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.tiangong.analytics.losses.LossService;
import org.tiangong.analytics.model.SignalInfo;
import org.tiangong.analytics.telemetry.SeriesBucket;
import org.tiangong.analytics.telemetry.StateDurations;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;
import org.tiangong.api.topology.PlantService;

/** A machine's signal series and its time in state. */
public final class TelemetryRoutes {

    private final PlantService plants;
    private final TelemetryQueries telemetry;
    private final LossService oee;
    private final Blocking blocking;
    private final Clock clock;

    public TelemetryRoutes(
            PlantService plants, TelemetryQueries telemetry, LossService oee, Blocking blocking, Clock clock) {
        this.plants = plants;
        this.telemetry = telemetry;
        this.oee = oee;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/machines/:id/signals/:signal/series").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            String signalKey = ctx.pathParam("signal");
            Params.TimeWindow w = Params.window(ctx, clock.instant(), Duration.ofHours(1));
            Duration bucket = Params.bucket(ctx, "bucket", Duration.ofMinutes(1));
            long buckets = w.length().getSeconds() / bucket.getSeconds();
            if (buckets > Params.MAX_BUCKETS) {
                throw ApiException.badRequest("from..to holds " + buckets + " buckets of "
                        + ctx.queryParams().get("bucket") + "; at most " + Params.MAX_BUCKETS
                        + " per request: widen the bucket or narrow the window");
            }
            blocking.respond(ctx, () -> {
                SignalInfo signal = plants.requireSignal(p, id, signalKey);
                JsonArray points = new JsonArray();
                for (SeriesBucket b : telemetry.series(signal.id(), w.from(), w.to(), bucket)) {
                    points.add(new JsonObject()
                            .put("t", b.start().toString())
                            .put("min", b.min())
                            .put("avg", b.avg())
                            .put("max", b.max())
                            .put("last", b.last())
                            .put("count", b.count()));
                }
                return new JsonObject()
                        .put("machineId", id.toString())
                        .put("signal", signal.signal().key())
                        .put("unit", signal.unit())
                        .put("from", w.from().toString())
                        .put("to", w.to().toString())
                        .put("bucketSeconds", bucket.getSeconds())
                        .put("points", points);
            });
        });
        api.get("/machines/:id/utilization").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            Params.TimeWindow w = Params.window(ctx, clock.instant(), Duration.ofHours(24));
            blocking.respond(ctx, () -> {
                plants.requireMachine(p, id);
                StateDurations d = oee.utilization(id, w.from(), w.to());
                JsonObject seconds = new JsonObject();
                for (Map.Entry<String, Double> e : d.secondsByState().entrySet()) seconds.put(e.getKey(), e.getValue());
                return new JsonObject()
                        .put("machineId", id.toString())
                        .put("from", w.from().toString())
                        .put("to", w.to().toString())
                        .put("elapsedSeconds", d.elapsedSeconds())
                        .put("secondsByState", seconds)
                        .put("utilization", d.utilization());
            });
        });
    }
}
