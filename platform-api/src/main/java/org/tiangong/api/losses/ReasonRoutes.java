package org.tiangong.api.losses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.losses.ReasonStore;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;

/** The fault-code → downtime-reason table: everyone reads it, admins edit it (it is shared by all enterprises). */
public final class ReasonRoutes {

    private final ReasonStore reasons;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;

    public ReasonRoutes(ReasonStore reasons, AccessPolicy access, Audit audit, Blocking blocking) {
        this.reasons = reasons;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/downtime-reasons").handler(this::list);
        api.put("/downtime-reasons/:code").handler(this::put);
    }

    private void list(RoutingContext ctx) {
        blocking.respond(ctx, () -> {
            JsonArray out = new JsonArray();
            for (ReasonStore.Reason r : reasons.all()) out.add(json(r));
            return out;
        });
    }

    /** Names an alarm code's downtime reason (admin). */
    private void put(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        String raw = ctx.pathParam("code");
        if (raw == null || !raw.matches("-?[0-9]{1,9}"))
            throw ApiException.badRequest("code must be a whole number (the alarm code)");
        int code = Integer.parseInt(raw);
        if (code == 0) throw ApiException.badRequest("code 0 means no alarm and cannot be named");
        JsonObject body = Bodies.object(ctx);
        String name = Bodies.string(body, "name", 100);
        Boolean planned = Bodies.optionalBoolean(body, "planned");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN);
            ReasonStore.Reason r = reasons.put(code, name, planned != null && planned);
            audit.record(p, remote, "downtime_reason_set", Integer.toString(code), json(r));
            return json(r);
        });
    }

    private static JsonObject json(ReasonStore.Reason r) {
        return new JsonObject().put("code", r.code()).put("name", r.name()).put("planned", r.planned());
    }
}
