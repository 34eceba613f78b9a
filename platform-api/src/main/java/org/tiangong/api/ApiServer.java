package org.tiangong.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.SigningKeyStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.telemetry.SeriesRollupSchedule;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.ApiKeyRoutes;
import org.tiangong.api.accounts.AuditRoutes;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.AuthRoutes;
import org.tiangong.api.accounts.LoginThrottle;
import org.tiangong.api.accounts.PasswordHasher;
import org.tiangong.api.accounts.PrincipalCache;
import org.tiangong.api.accounts.TokenService;
import org.tiangong.api.accounts.UserRoutes;
import org.tiangong.api.accounts.VendorRoutes;
import org.tiangong.api.accounts.VisibilityCache;
import org.tiangong.api.andon.AndonHub;
import org.tiangong.api.andon.AndonRoutes;
import org.tiangong.api.andon.StatusRoutes;
import org.tiangong.api.calendar.CalendarRoutes;
import org.tiangong.api.connect.ConnectRoutes;
import org.tiangong.api.connect.EndpointTargetRoutes;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.ErrorHandler;
import org.tiangong.api.http.HeaderTimeouts;
import org.tiangong.api.http.HostCheck;
import org.tiangong.api.http.SecurityHeaders;
import org.tiangong.api.http.WriteEpoch;
import org.tiangong.api.losses.LossRoutes;
import org.tiangong.api.losses.ReasonRoutes;
import org.tiangong.api.losses.StopRoutes;
import org.tiangong.api.oee.OeeRoutes;
import org.tiangong.api.openapi.OpenApiRoutes;
import org.tiangong.api.telemetry.CounterRoutes;
import org.tiangong.api.telemetry.TelemetryRoutes;
import org.tiangong.api.topology.PlantRoutes;
import org.tiangong.api.topology.TopologyRoutes;
import org.tiangong.api.upgrade.BureauRoutes;
import org.tiangong.api.upgrade.UpgradeRoutes;
import org.tiangong.api.web.WebRoutes;

/**
 * The HTTP face of the platform: {@code /health} and the JSON API under {@code /api/v1}. Every {@code /api/v1}
 * route but login sits behind {@link AuthHandler}; what each caller may see is decided by {@link AccessPolicy}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** Largest request body accepted; larger ones get 413. */
    public static final long BODY_LIMIT_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final Database database;
    private final ApiSettings settings;
    private final Clock clock;
    /** Database work of requests (bounded: 503 + Retry-After when full). */
    private final Blocking blocking;
    /** Token and API-key checks, login, password changes: never wait behind queries. */
    private final Blocking authBlocking;
    /** {@code /health} answers from this probe's last result: it never waits, whatever the pools are doing. */
    private final HealthProbe healthProbe;
    /** OPC UA operations (test, browse, automap, templates): slow by nature, kept apart. */
    private final Blocking opcUaBlocking;

    private final PasswordHasher hasher = new PasswordHasher();
    private final HeaderTimeouts headerTimeouts;
    /** The data directory, secret key and PKI password, resolved once by the launcher (h8-connect-facade). */
    private final org.tiangong.collector.connect.PlatformFiles files;

    private HttpServer server;
    private Router routes;
    private long purgeTimer = -1;
    private SeriesRollupSchedule seriesRollups;
    /** Principals per token and visible machines per user, invalidated by the account and grant routes. */
    private final PrincipalCache principals = new PrincipalCache(PrincipalCache.DEFAULT_TTL, 100_000);

    private final WriteEpoch writes = new WriteEpoch();
    private final VisibilityCache visibility = new VisibilityCache(principals, VisibilityCache.DEFAULT_TTL, 100_000);

    /** With the platform's files where the system property or environment says ({@link org.tiangong.api.cli.RuntimeEnvironment}). */
    public ApiServer(Vertx vertx, Database database, ApiSettings settings, Clock clock) {
        this(vertx, database, settings, clock, org.tiangong.api.cli.RuntimeEnvironment.platformFiles());
    }

    public ApiServer(
            Vertx vertx,
            Database database,
            ApiSettings settings,
            Clock clock,
            org.tiangong.collector.connect.PlatformFiles files) {
        this.vertx = vertx;
        this.files = files;
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        int connections =
                database.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h ? h.getMaximumPoolSize() : 8;
        // fewer query threads than connections: auth, /health and the maintenance job always find a connection
        int dbThreads = settings.dbThreads() > 0 ? settings.dbThreads() : Math.max(2, connections / 2);
        this.blocking = new Blocking(vertx, "tiangong-db", dbThreads, settings.dbQueue());
        this.authBlocking = new Blocking(vertx, "tiangong-auth", 2, 500);
        this.healthProbe = new HealthProbe(database, clock);
        this.opcUaBlocking = new Blocking(vertx, "tiangong-opcua", settings.opcUaThreads(), 64);
        this.headerTimeouts = new HeaderTimeouts(vertx, settings.headerTimeout(), settings.idleTimeout());
    }

    /** Starts listening; {@code port} 0 picks a free port (see {@link #port()}). */
    public Future<ApiServer> start(String host, int port) {
        boolean https = settings.tls() != null;
        HttpServerOptions options = new HttpServerOptions()
                // h2c (HTTP/2 over plain text via Upgrade) only when configured: nothing here needs it
                .setHttp2ClearTextEnabled(false);
        if (https) settings.tls().apply(options);
        healthProbe.start();
        return blocking.run(() -> new TokenService(
                        vertx,
                        new SigningKeyStore(database.dataSource(), files.secrets()),
                        settings.tokenLifetime(),
                        clock))
                .compose(tokens -> {
                    Router router = router(tokens, https);
                    routes = router;
                    return vertx.createHttpServer(options)
                            .connectionHandler(headerTimeouts::connected)
                            .requestHandler(request -> {
                                headerTimeouts.headersComplete(request);
                                if (HostCheck.refuse(request)) return;
                                router.handle(request);
                            })
                            .invalidRequestHandler(ApiServer::invalidRequest)
                            .listen(port, host);
                })
                .map(s -> {
                    this.server = s;
                    String scheme = https ? "https" : "http";
                    log.info(
                            "API listening on {}://{}:{}/ (storage: {})",
                            scheme,
                            host,
                            s.actualPort(),
                            database.engine().description());
                    if (!https && !HostCheck.isLoopback(host)) {
                        log.warn(
                                "the API serves plain HTTP on {}, which is not a loopback address: passwords and tokens cross "
                                        + "the network unencrypted; give --tls-cert/--tls-key or --tls-pkcs12, or put a TLS proxy in front",
                                host);
                    }
                    return this;
                });
    }

    /**
     * Adds a field to {@code /health}'s answer (e.g. the maintenance leader, issue #16); {@code value} is called on
     * every request, so it must answer at once (a volatile read).
     */
    public ApiServer healthField(String name, java.util.function.Supplier<Object> value) {
        healthProbe.field(name, value);
        return this;
    }

    /** The password hasher of this server (tests count its verifications). */
    public PasswordHasher passwordHasher() {
        return hasher;
    }

    /**
     * Requests the HTTP decoder refuses before routing (a URI over 4 KiB, headers too large, a broken request line)
     * still get a JSON answer, like every other client mistake.
     */
    private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        int status;
        String error;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException && message.contains("line")) {
            status = 414;
            error = "uri_too_long";
        } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            status = 431;
            error = "headers_too_large";
        } else {
            status = 400;
            error = "bad_request";
        }
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", org.tiangong.api.http.SecurityHeaders.CONTENT_SECURITY_POLICY)
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject()
                        .put("error", error)
                        .put("detail", "the HTTP request could not be read: " + error.replace('_', ' '))
                        .encode());
    }

    /** The running server's routes (the OpenAPI test compares them with the document). */
    public Router routes() {
        return routes;
    }

    public int port() {
        return server.actualPort();
    }

    private Router router(TokenService tokens, boolean https) {
        PlatformServices services = new PlatformServices(database, clock);
        // Revocations of tokens that have expired anyway are forgotten once an hour, so the table stays small.
        // per signal per minute/hour, so that long trends read rollups (every API process runs it; machines held by
        // one are skipped by the others)
        seriesRollups = new SeriesRollupSchedule(database.dataSource(), database.dialect(), clock)
                .start(Duration.ofSeconds(20));
        purgeTimer = vertx.setPeriodic(
                3_600_000, id -> blocking.run(() -> services.revokedTokens.purgeExpired(clock.instant())));

        Router root = Router.router(vertx);
        ErrorHandler errors = new ErrorHandler();
        root.route().handler(new SecurityHeaders(https));
        root.route().handler(writes);
        root.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        root.route().failureHandler(errors);
        root.errorHandler(404, errors);
        root.errorHandler(405, errors);
        root.get("/health").handler(this::health);
        new OpenApiRoutes(vertx).mount(root);
        new WebRoutes().mount(root);

        Router api = Router.router(vertx);
        mountAccounts(api, services, tokens);
        mountRoutes(api, services);
        api.route().failureHandler(errors);
        root.route("/api/v1/*").subRouter(api);
        return root;
    }

    /** Login first (public), then the authentication every other route sits behind, then the account routes. */
    private void mountAccounts(Router api, PlatformServices s, TokenService tokens) {
        LoginThrottle throttle = new LoginThrottle(
                settings.maxFailedLoginsPerUser(),
                settings.maxFailedLoginsPerAddress(),
                settings.maxFailedLoginsPerUserAnyAddress(),
                settings.loginThrottleWindow(),
                100_000,
                clock);
        AuthRoutes auth = new AuthRoutes(
                s.users, hasher, tokens, s.revokedTokens, throttle, s.audit, s.access, authBlocking, principals);
        auth.mountPublic(api);
        api.route().handler(new AuthHandler(tokens, s.apiKeys, s.revokedTokens, s.users, authBlocking, principals));
        auth.mountProtected(api);
        new UserRoutes(s.users, s.vendors, s.scope, hasher, s.access, s.audit, blocking, principals).mount(api);
        new ApiKeyRoutes(s.apiKeys, s.apiKeyStore, s.audit, blocking).mount(api);
        new VendorRoutes(s.vendors, s.scope, s.access, s.audit, blocking, principals).mount(api);
        new AuditRoutes(s.auditLog, s.access, blocking).mount(api);
    }

    /** The route table of everything behind authentication: one routes class per feature. */
    private void mountRoutes(Router api, PlatformServices s) {
        new PlantRoutes(s.plants, blocking).mount(api);
        new TopologyRoutes(s.topology, blocking, clock).mount(api);
        new TelemetryRoutes(s.plants, s.telemetry, s.losses, blocking, clock).mount(api);
        new CounterRoutes(s.plants, s.counterEvents, s.counterCeilings, s.access, s.audit, blocking, clock).mount(api);
        new OeeRoutes(s.groups, s.oee, blocking, clock, visibility, writes).mount(api);
        new LossRoutes(s.groups, s.losses, blocking, clock).mount(api);
        new StopRoutes(s.stops, s.states, s.stopClassifications, s.reasons, s.scope, s.access, s.audit, blocking, clock)
                .mount(api);
        new ReasonRoutes(s.reasons, s.access, s.audit, blocking).mount(api);
        new CalendarRoutes(s.calendars, s.scope, s.access, s.audit, blocking).mount(api);
        AndonRoutes andon =
                new AndonRoutes(vertx, s.directory, s.access, s.andon, blocking, clock, AndonHub.DEFAULT_INTERVAL);
        andon.mount(api);
        new StatusRoutes(s.directory, s.access, andon.hub(), blocking, visibility).mount(api);
        new ConnectRoutes(s.connectStore, s.endpointTargets, s.scope, s.access, s.audit, blocking, connectOptions())
                .mount(api);
        new EndpointTargetRoutes(s.endpointTargets, s.access, s.audit, blocking).mount(api);
        new BureauRoutes(s.upgrade, s.upgradeSnapshots, s.projects, s.access, s.audit, blocking).mount(api);
        new UpgradeRoutes(
                        s.registries,
                        s.projects,
                        s.monthlyFigures,
                        s.upgrade,
                        s.scope,
                        s.access,
                        s.audit,
                        blocking,
                        clock)
                .mount(api);
    }

    private ConnectRoutes.Options connectOptions() {
        return new ConnectRoutes.Options(
                opcUaBlocking,
                new org.tiangong.api.http.KeyedLimit(settings.opcUaPerEnterprise(), "OPC UA operations"),
                settings.devAllowUntrusted(),
                files);
    }

    private void health(io.vertx.ext.web.RoutingContext ctx) {
        JsonObject answer = healthProbe.answer();
        ctx.response()
                .setStatusCode("UP".equals(answer.getString("status")) ? 200 : 503)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(answer.encode());
    }

    @Override
    public void close() {
        if (purgeTimer >= 0) vertx.cancelTimer(purgeTimer);
        if (seriesRollups != null) seriesRollups.close();
        if (server != null)
            server.close().toCompletionStage().toCompletableFuture().join();
        blocking.close();
        authBlocking.close();
        healthProbe.close();
        opcUaBlocking.close();
    }
}
