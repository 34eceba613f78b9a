package org.tiangong.api.andon;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.andon.AndonBoard;
import org.tiangong.analytics.model.Line;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;

/** The live Andon board: {@code GET /lines/{id}/board/stream} (Server-Sent Events, one {@code board} event per interval). */
public final class AndonRoutes {

    private final PlantDirectory directory;
    private final AccessPolicy access;
    private final Blocking blocking;
    private final AndonHub hub;

    public AndonRoutes(
            io.vertx.core.Vertx vertx,
            PlantDirectory directory,
            AccessPolicy access,
            AndonBoard board,
            Blocking blocking,
            Clock clock,
            java.time.Duration interval) {
        this.directory = directory;
        this.access = access;
        this.blocking = blocking;
        this.hub = new AndonHub(
                vertx, blocking, (lineId, machineIds) -> compute(board, clock, lineId, machineIds), interval);
    }

    public void mount(Router api) {
        api.get("/lines/:id/board/stream").handler(this::stream);
    }

    public AndonHub hub() {
        return hub;
    }

    private void stream(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID lineId = Params.uuid(ctx, "id");
        blocking.run(() -> {
                    access.requireLine(p, lineId);
                    List<UUID> visible = new ArrayList<>();
                    for (Machine m : directory.machines(lineId))
                        if (access.canSeeMachine(p, m.id())) visible.add(m.id());
                    return new AndonHub.BoardKey(lineId, List.copyOf(visible));
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                        return;
                    }
                    HttpServerResponse response = ctx.response();
                    if (response.closed()) return;
                    response.setChunked(true)
                            .putHeader("content-type", "text/event-stream; charset=utf-8")
                            .putHeader("cache-control", "no-cache, no-transform")
                            .putHeader("x-accel-buffering", "no");
                    if (!hub.join(ar.result(), response)) {
                        ctx.fail(new ApiException(
                                503,
                                "too_many_viewers",
                                "this server has as many board viewers as it serves; try again later"));
                        return;
                    }
                    // tells the browser how soon to reconnect after a drop, and sends the headers now
                    response.write("retry: 3000\n\n");
                });
    }

    private String compute(AndonBoard board, Clock clock, UUID lineId, List<UUID> machineIds) throws Exception {
        Line line = directory.line(lineId).orElseThrow(() -> new IllegalStateException("line " + lineId + " is gone"));
        Plant plant = directory.plant(line.plantId()).orElseThrow();
        List<Machine> machines = new ArrayList<>();
        for (Machine m : directory.machines(lineId)) if (machineIds.contains(m.id())) machines.add(m);
        var statuses = board.statuses(machines.stream().map(Machine::id).toList(), StatusRoutes.STALE_AFTER);
        return BoardJson.withPlace(BoardJson.of(lineId, machines, statuses, clock.instant()), line, plant)
                .encode();
    }
}
