package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * {@code /enterprises/{id}/endpoint-targets}: the hosts and CIDR blocks an enterprise's OPC UA endpoints may point at
 * ({@link EndpointTargets}). Whoever sees the enterprise reads the list; an admin or its plant manager replaces it.
 */
public final class EndpointTargetRoutes {

    private final EndpointTargets targets;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;

    public EndpointTargetRoutes(EndpointTargetStore store, AccessPolicy access, Audit audit, Blocking blocking) {
        this.targets = new EndpointTargets(store);
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/enterprises/:id/endpoint-targets").handler(this::list);
        api.put("/enterprises/:id/endpoint-targets").handler(this::replace);
    }

    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            access.requireEnterprise(p, id);
            return json(id, targets.entries(id));
        });
    }

    private void replace(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        Object v = Bodies.object(ctx).getValue("entries");
        if (!(v instanceof JsonArray array))
            throw ApiException.badRequest("entries must be an array of host names or CIDR blocks");
        if (array.size() > EndpointTargets.MAX_ENTRIES)
            throw ApiException.badRequest("at most " + EndpointTargets.MAX_ENTRIES + " entries");
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s))
                throw ApiException.badRequest("entries[" + i + "] must be a string");
            entries.add(EndpointTargets.normalise(s));
        }
        List<String> list = new ArrayList<>(entries);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireManageEnterprise(p, id);
            targets.replace(id, list, p.userId());
            audit.record(
                    p,
                    remote,
                    "endpoint_targets_set",
                    id.toString(),
                    new JsonObject().put("entries", new JsonArray(list)));
            return json(id, targets.entries(id));
        });
    }

    private static JsonObject json(UUID enterprise, List<String> entries) {
        return new JsonObject().put("enterpriseId", enterprise.toString()).put("entries", new JsonArray(entries));
    }
}
