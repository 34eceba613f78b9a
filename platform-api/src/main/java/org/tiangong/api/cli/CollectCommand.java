package org.tiangong.api.cli;

import java.nio.file.Path;
import java.util.List;
import org.tiangong.analytics.db.Database;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.connect.PlatformFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = {
            "Collect OPC UA endpoints into the database: every endpoint saved through the platform (following "
                    + "changes without a restart), and those of a YAML config when one is given."
        })
final class CollectCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Option(
            names = "--config",
            description = "collector YAML, optional (see collector/src/main/resources/collector-example.yaml): "
                    + "its endpoints are collected next to the platform's; without it the defaults apply (buffer collector-buffer.db in the data directory, "
                    + "metrics on port 9464)")
    Path config;

    @Option(
            names = "--publish",
            paramLabel = "URL",
            description = "edge mode: publish to this MQTT 5 broker (mqtt://host:port or mqtts://host:port) instead of "
                    + "writing to a database; needs --config (its endpoints); no --db")
    String publish;

    @Mixin
    MqttOptions mqtt;

    @Override
    public void run() {
        HeapAdvice.check("collect");
        CollectorConfig loaded = config(config); // a broken file fails here, naming file and key
        PlatformFiles files = RuntimeEnvironment.platformFiles();
        // a relative buffer path lives in the data directory, so the next run forwards what this one leaves
        CollectorConfig cfg = loaded.withBuffer(loaded.buffer().inDataDir(files.dataDir()));
        if (publish != null) {
            EdgeMode.run(cfg, config, publish, mqtt);
            return;
        }
        Database database = Database.open(db.required());
        Collector collector;
        try {
            // the platform's endpoints too, with the PKI and secret key of the data directory the API uses
            collector = Collector.start(cfg, database, DatabaseEndpoints.Options.defaults(files, cfg.maxClockSkew()));
        } catch (java.sql.SQLException e) {
            database.close();
            throw new IllegalStateException("cannot register the configured machines: " + e.getMessage(), e);
        }
        Shutdown.onExit(collector::close, database::close);
        Shutdown.awaitForever();
    }

    /** The file's config, or (no file) the defaults with no endpoints of its own: the platform's endpoints only. */
    static CollectorConfig config(Path file) {
        if (file != null) return CollectorConfig.load(file);
        return new CollectorConfig(null, null, null, null, List.of()).validated("(no --config: defaults)");
    }
}
