package org.tiangong.api.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The browser dashboard: every page URL answers the one HTML shell {@code web/app.html} (the client-side router in
 * {@code core.js} decides what to draw), static assets come from {@code web/assets} and ECharts from its WebJar.
 * {@code /api/*} and {@code /health} are never answered here, so they keep their JSON 404s.
 */
public final class WebRoutes {

    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** Assets are not content-hashed, so browsers may keep them only briefly; Last-Modified makes revalidation cheap. */
    static final long ASSET_MAX_AGE_SECONDS = 300;
    /** A vendored library never changes under its versioned path. */
    static final long VENDOR_MAX_AGE_SECONDS = 7 * 24 * 3600;

    private final Buffer shell;
    private final Buffer echarts;

    public WebRoutes() {
        this.shell = resource("web/app.html");
        this.echarts = resource(ECHARTS);
    }

    /** Mount on the root router before its 404 handler. */
    public void mount(Router root) {
        root.get("/assets/vendor/echarts.min.js").handler(this::echarts);
        root.route("/assets/*")
                .handler(StaticHandler.create("web/assets")
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(ASSET_MAX_AGE_SECONDS)
                        .setDirectoryListing(false)
                        .setIncludeHidden(false)
                        .setDefaultContentEncoding("UTF-8"));
        // every other GET outside the API is a page of the single-page app; unknown ones show "not found" in the page
        root.getWithRegex("^/(?!api(/|$)|health$|assets/).*").handler(this::page);
    }

    private void page(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .end(shell);
    }

    private void echarts(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-type", "text/javascript; charset=utf-8")
                .putHeader("cache-control", "public, max-age=" + VENDOR_MAX_AGE_SECONDS)
                .end(echarts);
    }

    private static Buffer resource(String path) {
        try (InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null)
                throw new IllegalStateException(
                        "the web dashboard resource " + path + " is missing from the class path");
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
