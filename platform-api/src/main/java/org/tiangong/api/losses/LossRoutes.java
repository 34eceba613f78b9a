package org.tiangong.api.losses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.losses.Downtime;
import org.tiangong.analytics.losses.DowntimeReport;
import org.tiangong.analytics.losses.EnergyReport;
import org.tiangong.analytics.losses.LossService;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;
import org.tiangong.api.oee.GroupScope;
import org.tiangong.api.oee.OeeRoutes;

/** Downtime (reasons in Pareto order, micro-stops, MTBF, MTTR) and energy for machines and groups. */
public final class LossRoutes {

    private static final Map<String, String> LEVELS =
            Map.of("machines", "machine", "lines", "line", "plants", "plant", "enterprises", "enterprise");

    private final GroupScope scope;
    private final LossService service;
    private final Blocking blocking;
    private final Clock clock;

    public LossRoutes(GroupScope scope, LossService service, Blocking blocking, Clock clock) {
        this.scope = scope;
        this.service = service;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        for (Map.Entry<String, String> level : LEVELS.entrySet()) {
            api.get("/" + level.getKey() + "/:id/downtime").handler(ctx -> downtime(ctx, level.getValue()));
            api.get("/" + level.getKey() + "/:id/energy").handler(ctx -> energy(ctx, level.getValue()));
        }
    }

    /** Downtime of the machines the caller sees at one level (machine, line, plant, enterprise), merged. */
    private void downtime(RoutingContext ctx, String level) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        Params.TimeWindow w = OeeRoutes.window(ctx, clock, OeeRoutes.MAX_RAW_WINDOW);
        Duration micro = microStop(ctx.queryParams().get("microStopSeconds"));
        blocking.respond(ctx, () -> {
            List<DowntimeReport> reports = new ArrayList<>();
            for (UUID m : scope.visibleMachines(p, level, id))
                reports.add(service.downtime(m, w.from(), w.to(), micro));
            return downtimeJson(Downtime.merge(reports))
                    .put("id", id.toString())
                    .put("from", w.from().toString())
                    .put("to", w.to().toString())
                    .put("microStopSeconds", micro.getSeconds());
        });
    }

    /** Energy of the machines the caller sees at one level, summed. */
    private void energy(RoutingContext ctx, String level) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        Params.TimeWindow w = OeeRoutes.window(ctx, clock, OeeRoutes.MAX_ROLLUP_WINDOW);
        blocking.respond(ctx, () -> {
            List<EnergyReport> reports = new ArrayList<>();
            for (UUID m : scope.visibleMachines(p, level, id)) reports.add(service.energy(m, w.from(), w.to()));
            EnergyReport e = EnergyReport.sum(reports);
            return new JsonObject()
                    .put("id", id.toString())
                    .put("from", w.from().toString())
                    .put("to", w.to().toString())
                    .put("totalKwh", e.totalKwh())
                    .put("runningKwh", e.runningKwh())
                    .put("idleKwh", e.idleKwh())
                    .put("goodParts", e.goodParts())
                    .put("kwhPerGoodPart", e.kwhPerGoodPart());
        });
    }

    static Duration microStop(String raw) {
        if (raw == null) return Duration.ofMinutes(2);
        if (!raw.matches("[0-9]{1,5}"))
            throw ApiException.badRequest("microStopSeconds must be a whole number of seconds, 0 to 99999");
        return Duration.ofSeconds(Long.parseLong(raw));
    }

    static JsonObject downtimeJson(DowntimeReport d) {
        JsonArray reasons = new JsonArray();
        for (DowntimeReport.Reason r : d.reasons()) {
            reasons.add(new JsonObject()
                    .put("reason", r.reason())
                    .put("state", r.state())
                    .put("planned", r.planned())
                    .put("seconds", r.seconds())
                    .put("occurrences", r.occurrences())
                    .put("cumulativeShare", r.cumulativeShare()));
        }
        return new JsonObject()
                .put("reasons", reasons)
                .put("microStops", new JsonObject().put("count", d.microStops()).put("seconds", d.microStopSeconds()))
                .put("failures", d.failures())
                .put("runSeconds", d.runSeconds())
                .put("mtbfSeconds", d.mtbfSeconds())
                .put("mttrSeconds", d.mttrSeconds());
    }
}
