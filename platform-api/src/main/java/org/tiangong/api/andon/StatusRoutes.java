package org.tiangong.api.andon;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.accounts.VisibilityCache;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;

/**
 * The line's Andon board: every machine's state, since when, and its OEE so far in the current shift — the same JSON
 * as each event of the live stream, from {@link AndonHub#snapshot}: viewers of the same board within one interval
 * share one computation.
 */
public final class StatusRoutes {

    /** A machine silent for longer than this shows as no data on the board. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final PlantDirectory directory;
    private final AccessPolicy access;
    private final AndonHub hub;
    private final Blocking blocking;
    private final VisibilityCache visibility;

    public StatusRoutes(
            PlantDirectory directory,
            AccessPolicy access,
            AndonHub hub,
            Blocking blocking,
            VisibilityCache visibility) {
        this.visibility = visibility;
        this.directory = directory;
        this.access = access;
        this.hub = hub;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/lines/:id/status").handler(this::status);
    }

    private void status(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.run(() -> new AndonHub.BoardKey(id, visibility.machines(p, "line-board", id, () -> {
                    access.requireLine(p, id);
                    List<UUID> visible = new ArrayList<>();
                    for (Machine m : directory.machines(id)) if (access.canSeeMachine(p, m.id())) visible.add(m.id());
                    return visible;
                })))
                .compose(hub::snapshot)
                .onComplete(ar -> {
                    if (ar.failed()) ctx.fail(ar.cause());
                    else if (!ctx.response().closed())
                        ctx.response()
                                .putHeader("content-type", "application/json; charset=utf-8")
                                .end(ar.result());
                });
    }
}
