package org.tiangong.api.cli;

import org.tiangong.analytics.db.Database;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect OPC UA endpoints into the database, as the YAML config says.")
final class CollectCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Option(names = "--config", required = true, description = "collector YAML (see collector/src/main/resources/collector-example.yaml)")
    Path config;

    @Override
    public void run() {
        CollectorConfig cfg = CollectorConfig.load(config);   // a broken file fails here, naming file and key
        Database database = Database.open(db.required());
        Collector collector;
        try {
            collector = Collector.start(cfg, database);
        } catch (java.sql.SQLException e) {
            database.close();
            throw new IllegalStateException("cannot register the configured machines: " + e.getMessage(), e);
        }
        Shutdown.onExit(collector::close, database::close);
        Shutdown.awaitForever();
    }
}
