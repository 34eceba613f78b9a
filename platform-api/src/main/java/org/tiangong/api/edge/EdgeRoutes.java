package org.tiangong.api.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;
import org.tiangong.analytics.connect.EdgeKeyStore;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * Configuration to the edge (issue 16). {@code GET /edge/config} is what an edge collector polls, authenticated by
 * its plant's edge key (not by a user's token or API key, so it is mounted before {@link AuthHandler}); it answers
 * 304 when the caller's {@code If-None-Match} is the document's ETag. The edge keys of a plant are issued, listed and
 * revoked by whoever manages the plant's enterprise (admin, its plant manager), behind the usual authentication.
 */
public final class EdgeRoutes {

    private final EdgeKeyService keys;
    private final EdgeKeyStore store;
    private final EdgeConfigDocument documents;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;

    public EdgeRoutes(
            EdgeKeyService keys,
            EdgeKeyStore store,
            EdgeConfigDocument documents,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking) {
        this.keys = keys;
        this.store = store;
        this.documents = documents;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    /** The edge's own route, before the authentication of users. */
    public void mountPublic(Router api) {
        api.get("/edge/config").handler(this::config);
    }

    /** Key management, behind {@link AuthHandler}. */
    public void mount(Router api) {
        api.get("/plants/:id/edge-keys").handler(this::list);
        api.post("/plants/:id/edge-keys").handler(this::create);
        api.delete("/edge-keys/:id").handler(this::revoke);
    }

    private void config(RoutingContext ctx) {
        String presented = presentedKey(ctx);
        UUID asked = Params.optionalUuid(ctx, "plant");
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        boolean withSecrets = secureChannel(ctx);
        blocking.run(() -> {
                    EdgeKeyStore.StoredKey key = keys.check(presented)
                            .orElseThrow(() -> new ApiException(
                                    401,
                                    "unauthorized",
                                    "send the plant's edge key as Authorization: ApiKey tge_… (or X-API-Key); "
                                            + "this one is not valid (expired, revoked or unknown)"));
                    // a key sees its own plant only; any other plant does not exist for it
                    if (asked != null && !asked.equals(key.plantId())) throw ApiException.notFound("no such plant");
                    return documents
                            .of(key.plantId(), withSecrets)
                            .orElseThrow(() -> ApiException.notFound("no such plant"));
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        if (ar.cause() instanceof ApiException e && e.status() == 401)
                            ctx.response().putHeader("WWW-Authenticate", "ApiKey realm=\"tiangong-edge\"");
                        ctx.fail(ar.cause());
                        return;
                    }
                    EdgeConfigDocument.Tagged tagged = ar.result();
                    ctx.response().putHeader("ETag", tagged.etag()).putHeader("Cache-Control", "no-store");
                    if (matches(ifNoneMatch, tagged.etag())) {
                        ctx.response().setStatusCode(304).end();
                        return;
                    }
                    ctx.response()
                            .putHeader("content-type", "application/json; charset=utf-8")
                            .end(tagged.document().encode());
                });
    }

    private static String presentedKey(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "ApiKey ", 0, 7))
            return auth.substring(7).trim();
        String header = ctx.request().getHeader("X-API-Key");
        return header == null ? null : header.trim();
    }

    /** {@code If-None-Match}: one tag, a list of tags, or {@code *}; weak tags compare like strong ones. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }

    /**
     * Whether passwords may travel in this answer: over TLS, or from this host (loopback: a TLS-terminating proxy on
     * the same host, or a test). {@code X-Forwarded-Proto} is not believed here, since any client can send it.
     */
    static boolean secureChannel(RoutingContext ctx) {
        if (ctx.request().isSSL()) return true;
        var remote = ctx.request().remoteAddress();
        if (remote == null || remote.hostAddress() == null) return false;
        try {
            // a literal address: no name lookup
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID plant = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireManagePlant(p, plant);
            JsonArray out = new JsonArray();
            for (EdgeKeyStore.StoredKey k : store.ofPlant(plant)) out.add(json(k));
            return out;
        });
    }

    private void create(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (p.apiKeyId() != null)
            throw ApiException.forbidden("an API key cannot do this; log in with user name and password");
        UUID plant = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        String name = Bodies.string(body, "name", 100);
        Instant expiresAt = Bodies.optionalTime(body, "expiresAt");
        if (expiresAt != null && !expiresAt.isAfter(Instant.now()))
            throw ApiException.badRequest("expiresAt must lie in the future");
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> {
            requireManagePlant(p, plant);
            EdgeKeyService.Created created = keys.create(plant, name, expiresAt, p.userId());
            audit.record(
                    p,
                    remote,
                    "edge_key_created",
                    created.key().id().toString(),
                    new JsonObject().put("name", name).put("plantId", plant.toString()));
            return json(created.key()).put("key", created.plaintext());
        });
    }

    private void revoke(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            EdgeKeyStore.StoredKey k = store.byId(id).orElse(null);
            // a key of a plant the caller cannot see does not exist for it
            if (k == null || !access.canSeePlant(p, k.plantId())) throw ApiException.notFound("no edge key " + id);
            access.requireManageEnterprise(p, k.enterpriseId());
            boolean revoked = store.revoke(k.id());
            audit.record(p, remote, "edge_key_revoked", id.toString(), null);
            return new JsonObject()
                    .put("id", id.toString())
                    .put("revoked", true)
                    .put("wasActive", revoked);
        });
    }

    /** 404 when the plant is not visible, 403 when visible but its enterprise is not the caller's to manage. */
    private void requireManagePlant(Principal p, UUID plant) throws java.sql.SQLException {
        access.requirePlant(p, plant);
        access.requireManageEnterprise(p, scope.enterpriseOfPlant(plant).orElseThrow());
    }

    private static JsonObject json(EdgeKeyStore.StoredKey k) {
        return new JsonObject()
                .put("id", k.id().toString())
                .put("plantId", k.plantId().toString())
                .put("name", k.name())
                .put("prefix", EdgeKeyService.PREFIX + k.prefix())
                .put("createdAt", k.createdAt().toString())
                .put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString())
                .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString())
                .put(
                        "lastUsedAt",
                        k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
    }
}
