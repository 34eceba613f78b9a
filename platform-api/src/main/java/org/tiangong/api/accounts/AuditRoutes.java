package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.tiangong.analytics.accounts.AuditLog;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;

/** Read-only view of the audit trail for admins. There is deliberately no way to change it through the API. */
public final class AuditRoutes {

    private final AuditLog log;
    private final AccessPolicy access;
    private final Blocking blocking;

    public AuditRoutes(AuditLog log, AccessPolicy access, Blocking blocking) {
        this.log = log;
        this.access = access;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/audit").handler(this::recent);
    }

    /** The newest entries ({@code ?limit=}, 100 unless said, at most 1000), optionally of one {@code ?action=}. */
    private void recent(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        int limit = limit(ctx.queryParams().get("limit"));
        String action = ctx.queryParams().get("action");
        if (action != null && !action.matches("[a-z_]{1,40}"))
            throw ApiException.badRequest("action must be an action name like login_failed");
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN);
            JsonArray out = new JsonArray();
            for (AuditLog.Entry e : log.recent(limit, action)) out.add(json(e));
            return out;
        });
    }

    private static int limit(String raw) {
        if (raw == null) return 100;
        if (!raw.matches("[0-9]{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 1000) {
            throw ApiException.badRequest("limit must be a whole number from 1 to 1000");
        }
        return Integer.parseInt(raw);
    }

    private static JsonObject json(AuditLog.Entry e) {
        return new JsonObject()
                .put("id", e.id())
                .put("at", e.at().toString())
                .put("actorId", e.actorId() == null ? null : e.actorId().toString())
                .put("actorName", e.actorName())
                .put("action", e.action())
                .put("target", e.target())
                .put("detail", new JsonObject(e.detailJson()))
                .put("remoteAddr", e.remoteAddr());
    }
}
