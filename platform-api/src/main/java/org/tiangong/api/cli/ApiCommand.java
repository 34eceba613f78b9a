package org.tiangong.api.cli;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.rollup.StorageMaintenance;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and dashboard over an existing database.")
final class ApiCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description =
                    "address to bind (default ${DEFAULT-VALUE}; a warning is logged when that serves plain HTTP off loopback)")
    String host;

    @Mixin
    HttpOptions http;

    @Mixin
    StorageOptions storage;

    @Override
    public void run() {
        HeapAdvice.check("api", "-Xmx1g");
        StoragePolicy policy = storage.policy();
        Database database = Database.open(db.required(), policy);
        StorageMaintenance maintenance =
                new StorageMaintenance(database, policy, Clock.systemUTC()).start(Duration.ofSeconds(20));
        Vertx vertx = Vertx.vertx();
        ApiServer server = new ApiServer(
                vertx,
                database,
                http.apply(ApiSettings.defaults()),
                Clock.systemUTC(),
                RuntimeEnvironment.platformFiles());
        server.start(host, port).toCompletionStage().toCompletableFuture().join();
        Shutdown.onExit(server::close, vertx::close, maintenance::close, database::close);
        Shutdown.awaitForever();
    }
}
