package org.tiangong.collector.mqtt;

import java.time.Duration;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;

/**
 * The process of {@link IngestProcess}: one central ingest instance, as {@code tiangong ingest} runs it, that prints
 * its counters every 50 ms on stdout (one line {@code stats <received> <acknowledged>}) until it is killed.
 *
 * <p>Arguments: broker URL, client id (the session), group, JDBC URL, Receive Maximum, flush interval in ms.
 */
public final class IngestProcessMain {

    private IngestProcessMain() {}

    public static void main(String[] args) throws Exception {
        IngestOptions defaults = IngestOptions.defaults(BrokerSettings.parse(args[0], args[1]));
        IngestOptions options = new IngestOptions(
                        defaults.broker(),
                        args[2],
                        Integer.parseInt(args[4]),
                        100_000, // a batch ends at the flush interval: the test wants messages held, unacknowledged
                        Duration.ofMillis(Long.parseLong(args[5])),
                        defaults.unknownGrace())
                .withSessionExpiry(Duration.ofMinutes(5));
        Database db = Database.open(DbSettings.of(args[3]));
        MqttIngest ingest = MqttIngest.start(options, db.dataSource());
        while (true) {
            MqttIngest.Stats s = ingest.stats();
            System.out.println("stats " + s.received() + " " + s.messages() + " " + s.subscribed());
            Thread.sleep(50);
        }
    }
}
