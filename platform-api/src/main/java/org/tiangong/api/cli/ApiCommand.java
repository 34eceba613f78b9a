package org.tiangong.api.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import org.tiangong.analytics.db.AdvisoryLockLeader;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.rollup.StorageMaintenance;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.http.ApiMetrics;
import org.tiangong.collector.metrics.MetricsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and dashboard over an existing database. Any number of instances may serve "
                + "one database; rollups and retention run on one of them at a time (the maintenance leader).")
final class ApiCommand implements Runnable {

    /** The advisory lock of the maintenance work (rollups and retention). */
    static final int MAINTENANCE_LOCK = 1;

    static final Duration ROLLUP_EVERY = Duration.ofSeconds(20);

    @Mixin
    DbOptions db;

    @Option(
            names = "--db-read-url",
            paramLabel = "JDBC_URL",
            description = "a read replica for heavy reads (OEE, series, the bureau's figures), same user and password "
                    + "(env TIANGONG_DB_READ_URL); default: the primary")
    String readUrl;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description =
                    "address to bind (default ${DEFAULT-VALUE}; a warning is logged when that serves plain HTTP off loopback)")
    String host;

    @Option(
            names = "--instance",
            description =
                    "this instance's name in /health and pg_stat_activity (default: env HOSTNAME, else api-<pid>)")
    String instance;

    @Mixin
    HttpOptions http;

    @Mixin
    StorageOptions storage;

    @Override
    public void run() {
        HeapAdvice.check("api");
        StoragePolicy policy = storage.policy();
        Database database = withReadPool(Database.open(db.required(), policy));
        AdvisoryLockLeader leader =
                maintenanceLeader(database, policy, instanceName()).start();
        ApiMetrics metrics = http.metrics();
        Vertx vertx = metrics == null ? Vertx.vertx() : metrics.newVertx();
        ApiServer server = new ApiServer(
                        vertx,
                        database,
                        http.apply(ApiSettings.defaults()),
                        Clock.systemUTC(),
                        RuntimeEnvironment.platformFiles())
                .healthField("maintenance", () -> maintenanceStatus(leader));
        if (metrics != null) server.metrics(metrics.registry());
        server.start(host, port).toCompletionStage().toCompletableFuture().join();
        MetricsServer metricsServer = serveMetrics(metrics, host);
        Shutdown.onExit(server::close, vertx::close, leader::close, database::close, () -> {
            if (metricsServer != null) metricsServer.close();
        });
        Shutdown.awaitForever();
    }

    static MetricsServer serveMetrics(ApiMetrics metrics, String host) {
        if (metrics == null) return null;
        try {
            return metrics.serve(host);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot serve metrics on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Rollups and retention on whichever instance holds the maintenance lock. */
    static AdvisoryLockLeader maintenanceLeader(Database database, StoragePolicy policy, String instance) {
        return new AdvisoryLockLeader(
                database::openDedicated,
                MAINTENANCE_LOCK,
                instance,
                () -> new StorageMaintenance(database, policy, Clock.systemUTC()).start(ROLLUP_EVERY));
    }

    /** /health's {@code maintenance} field: this instance, the leader's name, whether this one leads. */
    static JsonObject maintenanceStatus(AdvisoryLockLeader leader) {
        return new JsonObject()
                .put("instance", leader.instance())
                .put("leader", leader.leader())
                .put("leading", leader.leading());
    }

    private Database withReadPool(Database database) {
        String url = readUrl != null && !readUrl.isBlank() ? readUrl : System.getenv("TIANGONG_DB_READ_URL");
        if (url == null || url.isBlank()) return database;
        try {
            return database.withReadPool(db.settings(url));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private String instanceName() {
        if (instance != null && !instance.isBlank()) return instance;
        String host = System.getenv("HOSTNAME"); // set by containers (the pod's or container's name)
        return host != null && !host.isBlank()
                ? host
                : "api-" + ProcessHandle.current().pid();
    }
}
