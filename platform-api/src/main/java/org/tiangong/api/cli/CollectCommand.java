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
                    + "changes without a restart), and those of a YAML config when one is given.",
            "Edge mode (--publish): publish to an MQTT broker instead, with no database connection; collect the "
                    + "YAML file's endpoints and/or those saved on the platform for this plant, pulled with "
                    + "--config-from and --api-key-file (an edge key of the plant) and followed without a restart."
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
                    + "writing to a database; needs --config (its endpoints) and/or --config-from; no --db")
    String publish;

    @Option(
            names = "--config-from",
            paramLabel = "URL",
            description = "edge mode: pull this plant's endpoints and mappings from the platform, e.g. "
                    + "https://platform.example/api/v1/edge/config (https, or http to a loopback address only), "
                    + "polled with its ETag and applied without a restart; the last good copy is kept next to the "
                    + "buffer (<buffer>.edge-config.json) so the edge starts and collects while the platform is away")
    java.net.URI configFrom;

    @Option(
            names = "--api-key-file",
            paramLabel = "FILE",
            description = "with --config-from: a file holding the plant's edge key (tge_…, from POST "
                    + "/api/v1/plants/{plantId}/edge-keys); keep it readable by the collector's user only")
    Path apiKeyFile;

    @Option(
            names = "--config-poll",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "with --config-from: seconds between polls (default ${DEFAULT-VALUE}; an unchanged "
                    + "configuration costs one 304)")
    int configPollSeconds;

    @Mixin
    MqttOptions mqtt;

    @Override
    public void run() {
        HeapAdvice.check("collect");
        if (configFrom != null && publish == null)
            throw new IllegalArgumentException("--config-from is for edge mode: add --publish mqtts://broker:8883 "
                    + "(a collector with --db reads the platform's endpoints from the database itself)");
        if (configFrom != null && apiKeyFile == null)
            throw new IllegalArgumentException("--config-from needs --api-key-file FILE (the plant's edge key)");
        if (configFrom != null) org.tiangong.api.edge.EdgeConfigClient.checkUrl(configFrom);
        if (configPollSeconds < 1 || configPollSeconds > 3600)
            throw new IllegalArgumentException("--config-poll must be 1 to 3600 seconds, got " + configPollSeconds);
        CollectorConfig loaded = config(config); // a broken file fails here, naming file and key
        PlatformFiles files = RuntimeEnvironment.platformFiles();
        // a relative buffer path lives in the data directory, so the next run forwards what this one leaves
        CollectorConfig cfg = loaded.withBuffer(loaded.buffer().inDataDir(files.dataDir()));
        if (publish != null) {
            EdgeMode.Pull pull = configFrom == null
                    ? null
                    : new EdgeMode.Pull(configFrom, apiKeyFile, java.time.Duration.ofSeconds(configPollSeconds));
            EdgeMode.run(cfg, config, publish, mqtt, pull, files);
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
