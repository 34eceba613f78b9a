package org.tiangong.api.topology;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.UUID;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Params;

/** The plant hierarchy: enterprises → plants → lines → machines. */
public final class PlantRoutes {

    private final PlantService plants;
    private final Blocking blocking;

    public PlantRoutes(PlantService plants, Blocking blocking) {
        this.plants = plants;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/enterprises").handler(this::enterprises);
        api.get("/enterprises/:id/plants").handler(this::plants);
        api.get("/plants/:id/lines").handler(this::lines);
        api.get("/lines/:id/machines").handler(this::machines);
        api.get("/machines/:id").handler(this::machine);
    }

    private void enterprises(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> plants.enterprises(p));
    }

    private void plants(RoutingContext ctx) {
        below(ctx, plants::plants);
    }

    private void lines(RoutingContext ctx) {
        below(ctx, plants::lines);
    }

    private void machines(RoutingContext ctx) {
        below(ctx, plants::machines);
    }

    private void machine(RoutingContext ctx) {
        below(ctx, plants::machine);
    }

    /** What the path's {@code :id} holds, as the caller may see it. */
    private void below(RoutingContext ctx, Read read) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> read.apply(p, id));
    }

    @FunctionalInterface
    private interface Read {
        Object apply(Principal p, UUID id) throws SQLException;
    }
}
