package org.tiangong.collector.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Path;

/** The broker process of {@link EmbeddedBroker}: HiveMQ CE embedded, until the process is stopped. */
public final class EmbeddedBrokerMain {

    private EmbeddedBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(dir.resolve("conf"))
                .withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions"))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hivemq.stop().join()));
        hivemq.start().join();
        System.out.println("broker started");
        Thread.currentThread().join();
    }
}
