package org.tiangong.api.cli;

import org.tiangong.analytics.db.Database;
import org.tiangong.collector.mqtt.IngestOptions;
import org.tiangong.collector.mqtt.MqttIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Central ingest: take the plants' Sparkplug B samples from an MQTT 5 broker (shared subscription: run N "
                    + "instances with the same --group to split the load) and store them idempotently; each message "
                    + "is acknowledged only after the database commit; poison messages go to mqtt_dead_letter."
        })
final class IngestCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Mixin
    MqttOptions mqtt;

    @Option(
            names = "--broker",
            required = true,
            paramLabel = "URL",
            description = "MQTT 5 broker, mqtt://host:port or mqtts://host:port")
    String broker;

    @Option(
            names = "--group",
            defaultValue = "tiangong-ingest",
            description = "shared-subscription group (default ${DEFAULT-VALUE})")
    String group;

    @Option(
            names = "--receive-maximum",
            defaultValue = "256",
            description = "unacknowledged messages the broker may send to this instance (default ${DEFAULT-VALUE})")
    int receiveMaximum;

    @Option(
            names = "--batch-size",
            defaultValue = "5000",
            description = "samples per database write (default ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public void run() {
        HeapAdvice.check("ingest");
        IngestOptions options = IngestOptions.defaults(mqtt.settings(broker, "ingest-" + hostName()))
                .withGroup(group)
                .withReceiveMaximum(receiveMaximum)
                .withBatchSamples(batchSize);
        Database database = Database.open(db.required());
        MqttIngest ingest = MqttIngest.start(options, database.dataSource());
        Shutdown.onExit(ingest::close, database::close);
        Shutdown.awaitForever();
    }

    /** The container's or machine's name (HOSTNAME, stable per pod/service), else the process id. */
    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        return h != null && !h.isBlank() ? h : "pid" + ProcessHandle.current().pid();
    }
}
