package org.tiangong.api.accounts;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.tiangong.analytics.accounts.ApiKeyStore;
import org.tiangong.analytics.accounts.RevokedTokens;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.web.SessionCookies;

/**
 * Authenticates every request it guards: {@code Authorization: Bearer <token>} (from login) or
 * {@code Authorization: ApiKey <key>} / {@code X-API-Key: <key>}, or a browser's session cookie ({@link SessionCookies}). On success the {@link Principal} is in the
 * context; otherwise 401 with the same neutral message whatever was wrong, so a caller learns nothing about keys.
 */
public final class AuthHandler implements Handler<RoutingContext> {

    private final TokenService tokens;
    private final ApiKeyService apiKeys;
    private final RevokedTokens revoked;
    private final UserStore users;
    private final Blocking blocking;
    private final PrincipalCache cache;

    public AuthHandler(
            TokenService tokens,
            ApiKeyService apiKeys,
            RevokedTokens revoked,
            UserStore users,
            Blocking blocking,
            PrincipalCache cache) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.revoked = revoked;
        this.users = users;
        this.blocking = blocking;
        this.cache = cache;
    }

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(Principal.CONTEXT_KEY);
        if (p == null) throw new IllegalStateException("route is not behind AuthHandler");
        return p;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        String apiKeyHeader = ctx.request().getHeader("X-API-Key");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).trim();
            tokens.verify(token).onComplete(ar -> {
                if (ar.failed()) {
                    unauthorized(ctx, "the bearer token is not valid (expired, revoked or not ours); log in again");
                    return;
                }
                withToken(ctx, ar.result());
            });
        } else if (auth != null && auth.regionMatches(true, 0, "ApiKey ", 0, 7)) {
            String key = auth.substring(7).trim();
            blocking.run(() -> fromApiKey(key))
                    .onComplete(pr -> proceed(ctx, pr.succeeded() ? pr.result() : null, pr.cause()));
        } else if (apiKeyHeader != null) {
            blocking.run(() -> fromApiKey(apiKeyHeader.trim()))
                    .onComplete(pr -> proceed(ctx, pr.succeeded() ? pr.result() : null, pr.cause()));
        } else if (SessionCookies.token(ctx) != null) {
            // a browser session (h3-web): the token is in an HttpOnly cookie; writes must prove same-origin
            if (!SessionCookies.csrfOk(ctx)) {
                ctx.fail(
                        new ApiException(
                                403,
                                "csrf_token_missing",
                                "a request signed in by the session cookie must send header X-CSRF-Token equal to the tg_csrf cookie"));
                return;
            }
            tokens.verify(SessionCookies.token(ctx)).onComplete(ar -> {
                if (ar.failed()) {
                    unauthorized(ctx, "the session has expired or was ended; log in again");
                    return;
                }
                withToken(ctx, ar.result());
            });
        } else {
            unauthorized(
                    ctx,
                    "authentication required: send Authorization: Bearer <token> from POST /api/v1/auth/login, or an API key");
        }
    }

    /** A token whose signature and times are good: its principal from the cache, or from the database. */
    private void withToken(RoutingContext ctx, JsonObject claims) {
        String jti = claims.getString("jti");
        Principal cached = jti == null ? null : cache.get(jti);
        if (cached != null && cached.userId().toString().equals(claims.getString("sub"))) {
            proceed(ctx, Optional.of(cached), null);
            return;
        }
        long generation = cache.generation();
        blocking.run(() -> fromToken(claims)).onComplete(pr -> {
            if (pr.succeeded()) pr.result().ifPresent(p -> cache.put(generation, jti, p));
            proceed(ctx, pr.succeeded() ? pr.result() : null, pr.cause());
        });
    }

    private Optional<Principal> fromToken(JsonObject claims) throws Exception {
        String jti = claims.getString("jti");
        String sub = claims.getString("sub");
        Object exp = claims.getValue("exp");
        if (jti == null || sub == null || !(exp instanceof Number n)) return Optional.empty();
        if (revoked.isRevoked(jti)) return Optional.empty();
        UUID userId;
        try {
            userId = UUID.fromString(sub);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long version = claims.getValue("cv") instanceof Number cv ? cv.longValue() : -1;
        return users.byId(userId)
                .filter(u -> !u.disabled())
                // a token issued for older credentials (before the last password change) is void
                .filter(u -> version == TokenService.credentialsVersion(u))
                .map(u -> Principal.ofToken(u, jti, Instant.ofEpochSecond(n.longValue())));
    }

    private Optional<Principal> fromApiKey(String presented) throws Exception {
        Optional<ApiKeyStore.StoredKey> key = apiKeys.check(presented);
        if (key.isEmpty()) return Optional.empty();
        Optional<UserAccount> user = users.byId(key.get().userId())
                .filter(u -> !u.disabled())
                // a key created before the owner's last password change, disable or logout-all is void
                .filter(u -> key.get().credentialsVersion() == TokenService.credentialsVersion(u));
        return user.map(u -> Principal.ofApiKey(u, key.get().id()));
    }

    private static void proceed(RoutingContext ctx, Optional<Principal> principal, Throwable failure) {
        if (failure != null) {
            ctx.fail(failure);
        } else if (principal.isEmpty()) {
            unauthorized(ctx, "the credentials are not valid (expired, revoked or unknown)");
        } else {
            ctx.put(Principal.CONTEXT_KEY, principal.get());
            ctx.next();
        }
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tiangong\"");
        ctx.fail(new ApiException(401, "unauthorized", detail));
    }
}
