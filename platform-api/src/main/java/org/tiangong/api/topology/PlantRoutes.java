package org.tiangong.api.topology;

import io.vertx.ext.web.Router;
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
        api.get("/enterprises").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            blocking.respond(ctx, () -> plants.enterprises(p));
        });
        api.get("/enterprises/:id/plants").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.plants(p, id));
        });
        api.get("/plants/:id/lines").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.lines(p, id));
        });
        api.get("/lines/:id/machines").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.machines(p, id));
        });
        api.get("/machines/:id").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.machine(p, id));
        });
    }
}
