package org.tiangong.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.metadata.PlantDirectory;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.ErrorHandler;
import org.tiangong.api.plant.PlantRoutes;
import org.tiangong.api.plant.PlantService;
import org.tiangong.api.telemetry.TelemetryRoutes;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;

/** The HTTP face of the platform: {@code /health} and the JSON API under {@code /api/v1}. */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** Largest request body accepted; larger ones get 413. */
    public static final long BODY_LIMIT_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final Database database;
    private final Clock clock;
    private final Blocking blocking;
    private HttpServer server;

    public ApiServer(Vertx vertx, Database database, Clock clock) {
        this.vertx = vertx;
        this.database = database;
        this.clock = clock;
        this.blocking = new Blocking(vertx, 8);
    }

    /** Starts listening; {@code port} 0 picks a free port (see {@link #port()}). */
    public Future<ApiServer> start(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host).map(s -> {
            this.server = s;
            log.info("API listening on http://{}:{}/ (storage: {})", host, s.actualPort(), database.engine().description());
            return this;
        });
    }

    public int port() {
        return server.actualPort();
    }

    Router router() {
        Router root = Router.router(vertx);
        ErrorHandler errors = new ErrorHandler();
        root.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        root.route().failureHandler(errors);
        root.errorHandler(404, errors);
        root.errorHandler(405, errors);
        root.get("/health").handler(ctx -> blocking.respond(ctx, this::health));

        Router api = Router.router(vertx);
        PlantDirectory directory = new PlantDirectory(database.dataSource());
        TelemetryQueries telemetry = new TelemetryQueries(database.dataSource(), database.bucketing(), clock);
        PlantService plants = new PlantService(directory, telemetry);
        new PlantRoutes(plants, blocking).mount(api);
        new TelemetryRoutes(plants, telemetry, blocking, clock).mount(api);
        api.route().failureHandler(errors);
        root.route("/api/v1/*").subRouter(api);
        return root;
    }

    private JsonObject health() throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
        return new JsonObject().put("status", "UP").put("storage", database.engine().description())
                .put("time", clock.instant().toString());
    }

    @Override
    public void close() {
        if (server != null) server.close().await();
        blocking.close();
    }
}
