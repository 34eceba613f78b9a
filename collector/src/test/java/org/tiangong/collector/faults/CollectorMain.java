package org.tiangong.collector.faults;

import java.nio.file.Path;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;

/**
 * The collector as a process of its own, for the SIGKILL case: {@code CollectorMain <config.yaml> <jdbc url>}.
 * Prints {@code COLLECTING} once started, then runs until it is killed.
 */
public final class CollectorMain {

    private CollectorMain() {}

    public static void main(String[] args) throws Exception {
        CollectorConfig config = CollectorConfig.load(Path.of(args[0]));
        Database db = Database.open(DbSettings.of(args[1]));
        Collector collector = Collector.start(config, db);
        System.out.println("COLLECTING");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            db.close();
        }));
        Thread.currentThread().join();
    }
}
