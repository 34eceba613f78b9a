package org.tiangong.api.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import org.tiangong.analytics.accounts.ApiKeyStore;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/** Each user's own API keys; an admin may revoke anyone's. The secret is shown once, at creation. */
public final class ApiKeyRoutes {

    private final ApiKeyService keys;
    private final ApiKeyStore store;
    private final Audit audit;
    private final Blocking blocking;

    public ApiKeyRoutes(ApiKeyService keys, ApiKeyStore store, Audit audit, Blocking blocking) {
        this.keys = keys;
        this.store = store;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/api-keys").handler(this::list);
        api.post("/api-keys").handler(this::create);
        api.delete("/api-keys/:id").handler(this::revoke);
    }

    /** The caller's own keys. */
    private void list(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> {
            JsonArray out = new JsonArray();
            for (ApiKeyStore.StoredKey k : store.ofUser(p.userId())) out.add(json(k));
            return out;
        });
    }

    private void create(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        requirePassword(p);
        JsonObject body = Bodies.object(ctx);
        String name = Bodies.string(body, "name", 100);
        Instant expiresAt = Bodies.optionalTime(body, "expiresAt");
        if (expiresAt != null && !expiresAt.isAfter(Instant.now()))
            throw ApiException.badRequest("expiresAt must lie in the future");
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> {
            ApiKeyService.Created created = keys.create(p.userId(), name, expiresAt);
            audit.record(
                    p, remote, "api_key_created", created.key().id().toString(), new JsonObject().put("name", name));
            return json(created.key()).put("key", created.plaintext());
        });
    }

    /** The owner revokes its key; an admin anyone's. Anybody else's key is not there (404). */
    private void revoke(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            ApiKeyStore.StoredKey k = store.byId(id)
                    .filter(key -> key.userId().equals(p.userId()) || p.is(Role.ADMIN))
                    .orElseThrow(() -> ApiException.notFound("no API key " + id));
            boolean revoked = store.revoke(k.id());
            audit.record(p, remote, "api_key_revoked", id.toString(), null);
            return new JsonObject()
                    .put("id", id.toString())
                    .put("revoked", true)
                    .put("wasActive", revoked);
        });
    }

    /** Keys cannot make keys: a leaked key must not be able to outlive its own revocation. */
    static void requirePassword(Principal p) {
        if (p.apiKeyId() != null) {
            throw ApiException.forbidden("an API key cannot do this; log in with user name and password");
        }
    }

    private static JsonObject json(ApiKeyStore.StoredKey k) {
        return new JsonObject()
                .put("id", k.id().toString())
                .put("name", k.name())
                .put("prefix", "tgk_" + k.prefix())
                .put("createdAt", k.createdAt().toString())
                .put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString())
                .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString())
                .put(
                        "lastUsedAt",
                        k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
    }
}
