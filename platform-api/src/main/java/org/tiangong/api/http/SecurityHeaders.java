package org.tiangong.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response: a strict Content-Security-Policy (same-origin scripts and styles only, no inline code —
 * the web dashboard is built for it), {@code nosniff}, no referrer, no framing; {@code Cache-Control: no-store} on
 * everything but static assets under {@code /assets/} (authenticated JSON and exports must not stay in shared or
 * browser caches); and HSTS when the server speaks HTTPS.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final boolean https;

    public SecurityHeaders(boolean https) {
        this.https = https;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var h = ctx.response().headers();
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        if (!ctx.request().path().startsWith("/assets/")) h.set("Cache-Control", "no-store");
        if (https) h.set("Strict-Transport-Security", "max-age=31536000");
        ctx.next();
    }
}
