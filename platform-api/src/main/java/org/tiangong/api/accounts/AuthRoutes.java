package org.tiangong.api.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.tiangong.analytics.accounts.RevokedTokens;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.web.SessionCookies;

/** Login, logout, who-am-I, own password change and signing-key rotation. */
public final class AuthRoutes {

    private final UserStore users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final RevokedTokens revoked;
    private final LoginThrottle throttle;
    private final Audit audit;
    private final AccessPolicy access;
    private final Blocking blocking;
    private final PrincipalCache principals;

    public AuthRoutes(
            UserStore users,
            PasswordHasher hasher,
            TokenService tokens,
            RevokedTokens revoked,
            LoginThrottle throttle,
            Audit audit,
            AccessPolicy access,
            Blocking blocking,
            PrincipalCache principals) {
        this.principals = principals;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.revoked = revoked;
        this.throttle = throttle;
        this.audit = audit;
        this.access = access;
        this.blocking = blocking;
    }

    /** Routes that need no authentication; mount before {@link AuthHandler}. */
    public void mountPublic(Router api) {
        api.post("/auth/login").handler(this::login);
    }

    /** Routes behind {@link AuthHandler}. */
    public void mountProtected(Router api) {
        api.post("/auth/logout").handler(this::logout);
        api.get("/auth/me").handler(this::me);
        api.post("/auth/password").handler(this::changePassword);
        api.post("/auth/logout-all").handler(this::logoutEverywhere);
        api.post("/auth/keys/rotate").handler(this::rotateSigningKey);
    }

    /** Revokes the token of this request (and clears the browser's session cookie). */
    private void logout(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        SessionCookies.clear(ctx);
        if (p.tokenId() == null) {
            throw ApiException.badRequest(
                    "this request used an API key; revoke keys with DELETE /api/v1/api-keys/{id}");
        }
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            revoked.revoke(p.tokenId(), p.tokenExpiresAt());
            principals.forgetToken(p.tokenId());
            audit.record(p, remote, "logout", p.username(), null);
            return new JsonObject().put("revoked", true);
        });
    }

    private void me(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(
                ctx,
                () -> UserJson.of(users.byId(p.userId()).orElseThrow(() -> ApiException.notFound("no such user"))));
    }

    private void changePassword(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        ApiKeyRoutes.requirePassword(p);
        JsonObject body = Bodies.object(ctx);
        String current = Bodies.string(body, "currentPassword", 200);
        String next = Bodies.string(body, "newPassword", 200);
        String weak = PasswordHasher.weakness(next, p.username());
        if (weak != null) throw ApiException.badRequest(weak);
        String remote = Audit.remote(ctx);
        // the same throttle as login: a stolen token must not become a password-guessing oracle
        throttled(ctx, p.username(), remote);
        blocking.respond(ctx, () -> {
            String hash = users.passwordHash(p.userId()).orElseThrow(() -> ApiException.notFound("no such user"));
            if (!hasher.matches(current, hash)) {
                audit.record(p, remote, "password_change_failed", p.username(), null);
                throw ApiException.forbidden("the current password is not right");
            }
            throttle.succeeded(p.username(), String.valueOf(remote));
            users.setPasswordHash(p.userId(), hasher.hash(next));
            principals.forgetUser(p.userId());
            audit.record(p, remote, "password_changed", p.username(), null);
            return new JsonObject().put("changed", true);
        });
    }

    /** A new signing key for tokens from now on (admin); tokens signed with the old one stay valid until they expire. */
    private void rotateSigningKey(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN);
            String kid = tokens.rotate();
            audit.record(p, remote, "signing_key_rotated", kid, null);
            return new JsonObject().put("signingKeyId", kid);
        });
    }

    private void login(RoutingContext ctx) {
        JsonObject body = Bodies.object(ctx);
        String username = Bodies.string(body, "username", 64).trim().toLowerCase(java.util.Locale.ROOT);
        String password = Bodies.string(body, "password", 200);
        String remote = Audit.remote(ctx);
        // Not audited: a blocked caller could otherwise fill the append-only audit log at line rate.
        throttled(ctx, username, remote);
        boolean plausible = username.matches("[a-z0-9][a-z0-9._-]{2,63}");
        // a browser asks for a session: the token goes into an HttpOnly cookie instead of the body (h3-web)
        boolean session = Boolean.TRUE.equals(Bodies.optionalBoolean(body, "session"));
        if (session) SessionCookies.setOnSuccess(ctx);
        blocking.respond(ctx, () -> {
            Optional<UserAccount> user = plausible ? users.byUsername(username) : Optional.empty();
            boolean ok;
            if (user.isEmpty()) {
                hasher.burn(password);
                ok = false;
            } else {
                // verified even for a disabled account: unknown, disabled and existing users cost one Argon2 each
                boolean matches = hasher.matches(
                        password, users.passwordHash(user.get().id()).orElse(""));
                ok = matches && !user.get().disabled();
            }
            if (!ok) {
                // the attempt was counted by begin(); an unknown name is not stored as typed: it may be a password
                String who = user.isPresent() ? username : "(unknown user " + ApiKeyService.shortHash(username) + ")";
                audit.recordAnonymous(who, user.map(UserAccount::id).orElse(null), remote, "login_failed", null);
                throw new ApiException(401, "unauthorized", "wrong user name or password");
            }
            throttle.succeeded(username, String.valueOf(remote));
            TokenService.Issued issued = tokens.issue(user.get());
            audit.recordAnonymous(username, user.get().id(), remote, "login", null);
            JsonObject answer = new JsonObject()
                    .put("token", issued.token())
                    .put("tokenType", "Bearer")
                    .put("expiresAt", issued.expiresAt().toString())
                    .put("user", UserJson.of(user.get()));
            if (session) {
                SessionCookies.remember(ctx, issued.token(), issued.expiresAt());
                answer.remove("token");
                answer.put("tokenType", "Cookie");
            }
            return answer;
        });
    }

    /** Counts the attempt in advance (see {@link LoginThrottle#begin}); 429 with Retry-After while the caller must wait. */
    private void throttled(RoutingContext ctx, String username, String remote) {
        Optional<Duration> wait = throttle.begin(username, String.valueOf(remote));
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            throw new ApiException(
                    429,
                    "too_many_requests",
                    "too many failed attempts for this user from this address, or from this address; try again in "
                            + seconds + " s",
                    seconds);
        }
    }

    /** Ends every session and API key of the caller: the credentials version moves on. */
    private void logoutEverywhere(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        ApiKeyRoutes.requirePassword(p);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            users.bumpCredentials(p.userId());
            principals.forgetUser(p.userId());
            audit.record(p, remote, "logout_all", p.username(), null);
            return new JsonObject().put("revoked", true);
        });
    }
}
