package org.tiangong.api.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The browser session: the login token travels in an HttpOnly, SameSite=Strict cookie that page scripts cannot
 * read, so a script injected into a page cannot steal it. Writes authenticated by that cookie must also carry
 * {@code X-CSRF-Token} equal to the readable {@code tg_csrf} cookie (double submit): another site can make the
 * browser send cookies, but cannot read ours to copy the value into a header.
 */
public final class SessionCookies {

    public static final String SESSION = "tg_session";
    public static final String CSRF = "tg_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ISSUED_KEY = "tiangong.session.issued";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCookies() {}

    /** The token from the session cookie, or null when the request has none. */
    public static String token(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(SESSION);
        return c == null || c.getValue().isBlank() ? null : c.getValue();
    }

    /** True when the request may proceed: a safe method, or the CSRF header matches the CSRF cookie. */
    public static boolean csrfOk(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) return true;
        Cookie cookie = ctx.request().getCookie(CSRF);
        String header = ctx.request().getHeader(CSRF_HEADER);
        if (cookie == null || header == null || cookie.getValue().length() < 16) return false;
        return MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Call on the event loop before the login answer is computed: once the (worker) login has stored the issued
     * token with {@link #remember}, the cookies are added just before the headers go out, on a 200 only.
     */
    public static void setOnSuccess(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            Issued issued = ctx.get(ISSUED_KEY);
            if (issued == null || ctx.response().getStatusCode() != 200) return;
            // browser-session cookies (no Max-Age): the token's own expiry still ends the session on the server
            boolean secure = secure(ctx);
            ctx.response()
                    .addCookie(Cookie.cookie(SESSION, issued.token())
                            .setHttpOnly(true)
                            .setSecure(secure)
                            .setSameSite(CookieSameSite.STRICT)
                            .setPath("/"));
            ctx.response()
                    .addCookie(Cookie.cookie(CSRF, randomToken())
                            .setHttpOnly(false)
                            .setSecure(secure)
                            .setSameSite(CookieSameSite.STRICT)
                            .setPath("/"));
        });
    }

    /** Stores the issued token for {@link #setOnSuccess}; safe to call from the worker that logged the user in. */
    public static void remember(RoutingContext ctx, String token, Instant expiresAt) {
        ctx.put(ISSUED_KEY, new Issued(token, expiresAt));
    }

    /** Expires both cookies (logout). */
    public static void clear(RoutingContext ctx) {
        boolean secure = secure(ctx);
        ctx.response()
                .addCookie(Cookie.cookie(SESSION, "")
                        .setHttpOnly(true)
                        .setSecure(secure)
                        .setSameSite(CookieSameSite.STRICT)
                        .setPath("/")
                        .setMaxAge(0));
        ctx.response()
                .addCookie(Cookie.cookie(CSRF, "")
                        .setSecure(secure)
                        .setSameSite(CookieSameSite.STRICT)
                        .setPath("/")
                        .setMaxAge(0));
    }

    private static boolean secure(RoutingContext ctx) {
        // behind a TLS-terminating proxy the request arrives in clear text but the browser spoke HTTPS
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private record Issued(String token, Instant expiresAt) {}
}
