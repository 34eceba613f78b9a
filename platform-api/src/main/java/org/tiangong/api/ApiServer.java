package org.tiangong.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.ApiKeyStore;
import org.tiangong.analytics.accounts.AuditLog;
import org.tiangong.analytics.accounts.RevokedTokens;
import org.tiangong.analytics.accounts.SigningKeyStore;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.metadata.PlantDirectory;
import org.tiangong.analytics.metadata.TenantScope;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.api.auth.AccessPolicy;
import org.tiangong.api.auth.ApiKeyRoutes;
import org.tiangong.api.auth.ApiKeyService;
import org.tiangong.api.auth.Audit;
import org.tiangong.api.auth.AuditRoutes;
import org.tiangong.api.auth.AuthHandler;
import org.tiangong.api.auth.AuthRoutes;
import org.tiangong.api.auth.LoginThrottle;
import org.tiangong.api.auth.PasswordHasher;
import org.tiangong.api.auth.TokenService;
import org.tiangong.api.auth.UserRoutes;
import org.tiangong.api.auth.VendorRoutes;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.ErrorHandler;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.api.oee.GroupScope;
import org.tiangong.api.oee.LossRoutes;
import org.tiangong.analytics.oee.CalendarStore;
import org.tiangong.api.calendar.CalendarRoutes;
import org.tiangong.analytics.losses.ReasonStore;
import org.tiangong.api.oee.OeeRoutes;
import org.tiangong.api.oee.ReasonRoutes;
import org.tiangong.api.oee.StatusRoutes;
import org.tiangong.api.plant.PlantRoutes;
import org.tiangong.api.plant.PlantService;
import org.tiangong.api.telemetry.TelemetryRoutes;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

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
    private final Blocking blocking;
    private HttpServer server;
    private Router routes;
    private long purgeTimer = -1;

    public ApiServer(Vertx vertx, Database database, ApiSettings settings, Clock clock) {
        this.vertx = vertx;
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        this.blocking = new Blocking(vertx, 8);
    }

    /** Starts listening; {@code port} 0 picks a free port (see {@link #port()}). */
    public Future<ApiServer> start(String host, int port) {
        return blocking.run(() -> new TokenService(vertx, new SigningKeyStore(database.dataSource()), settings.tokenLifetime(), clock))
                .compose(tokens -> vertx.createHttpServer()
                        .requestHandler(routes = router(tokens))
                        .invalidRequestHandler(ApiServer::invalidRequest)
                        .listen(port, host))
                .map(s -> {
                    this.server = s;
                    log.info("API listening on http://{}:{}/ (storage: {})", host, s.actualPort(), database.engine().description());
                    return this;
                });
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
        request.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .end(new JsonObject().put("error", error).put("detail", "the HTTP request could not be read: " + error.replace('_', ' ')).encode());
    }

    /** The running server's routes (the OpenAPI test compares them with the document). */
    public Router routes() {
        return routes;
    }

    public int port() {
        return server.actualPort();
    }

    private Router router(TokenService tokens) {
        var ds = database.dataSource();
        UserStore users = new UserStore(ds);
        VendorStore vendors = new VendorStore(ds);
        ApiKeyStore apiKeyStore = new ApiKeyStore(ds);
        TenantScope scope = new TenantScope(ds);
        AccessPolicy access = new AccessPolicy(scope);
        Audit audit = new Audit(new AuditLog(ds));
        PasswordHasher hasher = new PasswordHasher();
        ApiKeyService apiKeys = new ApiKeyService(apiKeyStore, clock);
        RevokedTokens revoked = new RevokedTokens(ds);
        // Revocations of tokens that have expired anyway are forgotten once an hour, so the table stays small.
        purgeTimer = vertx.setPeriodic(3_600_000, id -> blocking.run(() -> revoked.purgeExpired(clock.instant())));
        LoginThrottle throttle = new LoginThrottle(settings.maxFailedLoginsPerUser(), settings.maxFailedLoginsPerAddress(),
                settings.loginThrottleWindow(), 100_000, clock);

        Router root = Router.router(vertx);
        ErrorHandler errors = new ErrorHandler();
        root.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        root.route().failureHandler(errors);
        root.errorHandler(404, errors);
        root.errorHandler(405, errors);
        root.get("/health").handler(ctx -> blocking.respond(ctx, this::health));
        new org.tiangong.api.openapi.OpenApiRoutes(vertx).mount(root);
        new org.tiangong.api.web.WebRoutes().mount(root);   // h3-web: the browser dashboard's pages and assets

        Router api = Router.router(vertx);
        AuthRoutes auth = new AuthRoutes(users, hasher, tokens, revoked, throttle, audit, access, blocking);
        auth.mountPublic(api);
        api.route().handler(new AuthHandler(tokens, apiKeys, revoked, users, blocking));
        auth.mountProtected(api);
        new UserRoutes(users, vendors, scope, hasher, access, audit, blocking).mount(api);
        new ApiKeyRoutes(apiKeys, apiKeyStore, audit, blocking).mount(api);
        new VendorRoutes(vendors, scope, access, audit, blocking).mount(api);
        new AuditRoutes(new AuditLog(ds), access, blocking).mount(api);

        TelemetryQueries telemetry = new TelemetryQueries(ds, database.bucketing(), clock);
        PlantDirectory directory = new PlantDirectory(ds);
        PlantService plants = new PlantService(directory, telemetry, access);
        new PlantRoutes(plants, blocking).mount(api);
        OeeService oee = new OeeService(ds, clock);
        new TelemetryRoutes(plants, telemetry, oee, blocking, clock).mount(api);
        GroupScope groups = new GroupScope(directory, access);
        new OeeRoutes(groups, oee, blocking, clock).mount(api);
        new LossRoutes(groups, oee, blocking, clock).mount(api);
        new StatusRoutes(directory, access, oee, blocking, clock).mount(api);
        new CalendarRoutes(new CalendarStore(ds), scope, access, audit, blocking).mount(api);
        new ReasonRoutes(new ReasonStore(ds), access, audit, blocking).mount(api);
        // h3-web: the live Andon board (SSE) and operators classifying stops
        new org.tiangong.api.andon.AndonRoutes(vertx, directory, access, new org.tiangong.analytics.andon.AndonBoard(ds, clock, oee),
                blocking, clock, org.tiangong.api.andon.AndonHub.DEFAULT_INTERVAL).mount(api);
        new org.tiangong.api.oee.StopRoutes(new org.tiangong.analytics.losses.StopLog(ds, clock), new org.tiangong.analytics.telemetry.StateSource(ds),
                new org.tiangong.analytics.losses.StopClassifications(ds), new ReasonStore(ds), scope, access, audit, blocking, clock).mount(api);
        new org.tiangong.api.connect.ConnectRoutes(ds, access, audit, blocking).mount(api);
        org.tiangong.api.bureau.UpgradeMount.mount(api, ds, oee, scope, access, audit, blocking, clock);
        api.route().failureHandler(errors);
        root.route("/api/v1/*").subRouter(api);
        return root;
    }

    private JsonObject health() {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            log.warn("health check: the database does not answer: {}", e.getMessage());
            throw new ApiException(503, "storage_down", "the database does not answer");
        }
        return new JsonObject().put("status", "UP").put("storage", database.engine().description())
                .put("time", clock.instant().toString());
    }

    @Override
    public void close() {
        if (purgeTimer >= 0) vertx.cancelTimer(purgeTimer);
        if (server != null) server.close().toCompletionStage().toCompletableFuture().join();
        blocking.close();
    }
}
