package org.tiangong.api.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.UUID;
import org.tiangong.analytics.accounts.AuditLog;

/** Writes audit events with who and from where. Blocking: call on a worker. Never put a secret in {@code detail}. */
public final class Audit {

    private final AuditLog log;

    public Audit(AuditLog log) {
        this.log = log;
    }

    public void record(Principal actor, String remote, String action, String target, JsonObject detail)
            throws SQLException {
        log.append(
                actor == null ? null : actor.userId(),
                actor == null ? null : actor.username(),
                action,
                target,
                detail == null ? "{}" : detail.encode(),
                remote);
    }

    public void recordAnonymous(String username, UUID userId, String remote, String action, JsonObject detail)
            throws SQLException {
        log.append(userId, username, action, username, detail == null ? "{}" : detail.encode(), remote);
    }

    public static String remote(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null
                ? null
                : ctx.request().remoteAddress().hostAddress();
    }
}
