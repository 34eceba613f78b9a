package org.tiangong.collector.bench;

import java.time.Duration;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.collector.mqtt.BrokerSettings;
import org.tiangong.collector.mqtt.IngestOptions;
import org.tiangong.collector.mqtt.MqttIngest;

/**
 * One ingest instance as a process of its own, for {@link CountyBenchmark} (so its CPU is measured apart): args
 * broker URL, JDBC URL, client id, group. Prints its counters once a second ({@code stats stored=… messages=…}).
 */
public final class IngestProcess {

    private IngestProcess() {}

    public static void main(String[] args) throws Exception {
        Database db = Database.open(new DbSettings(args[1], null, System.getenv("TIANGONG_DB_PASSWORD"), 2));
        IngestOptions o = IngestOptions.defaults(BrokerSettings.parse(args[0], args[2]))
                .withGroup(args[3])
                .withSessionExpiry(Duration.ofMinutes(10));
        MqttIngest ingest = MqttIngest.start(o, db.dataSource());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ingest.close();
            db.close();
        }));
        while (true) {
            MqttIngest.Stats s = ingest.stats();
            System.out.printf(
                    "stats stored=%d duplicates=%d messages=%d deadLetters=%d subscribed=%s%n",
                    s.stored(), s.duplicates(), s.messages(), s.deadLetters(), s.subscribed());
            System.out.flush();
            Thread.sleep(1000);
        }
    }
}
