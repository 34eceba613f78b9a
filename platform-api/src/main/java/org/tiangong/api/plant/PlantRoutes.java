package org.tiangong.api.plant;

import io.vertx.ext.web.Router;
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
        api.get("/enterprises").handler(ctx -> blocking.respond(ctx, plants::enterprises));
        api.get("/enterprises/:id/plants").handler(ctx -> {
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.plants(id));
        });
        api.get("/plants/:id/lines").handler(ctx -> {
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.lines(id));
        });
        api.get("/lines/:id/machines").handler(ctx -> {
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.machines(id));
        });
        api.get("/machines/:id").handler(ctx -> {
            var id = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> plants.machine(id));
        });
    }
}
