package org.tiangong.api.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.mqtt.BrokerSettings;
import org.tiangong.collector.mqtt.EdgeSignals;
import org.tiangong.collector.mqtt.MqttPublisher;

/**
 * {@code tiangong collect --publish mqtt(s)://…}: the YAML file's endpoints, buffered on disk, published to the
 * broker; a sample leaves the buffer only after the broker's PUBACK. No database connection from the plant.
 */
final class EdgeMode {

    private EdgeMode() {}

    static void run(CollectorConfig cfg, Path file, String url, MqttOptions mqtt) {
        if (file == null || cfg.endpoints().isEmpty())
            throw new IllegalArgumentException(
                    "--publish needs --config with endpoints: an edge collects what its YAML file maps "
                            + "(endpoints saved on the platform are collected by a collector with --db)");
        MachinePath first = cfg.endpoints().get(0).machines().get(0).machinePath();
        BrokerSettings broker = mqtt.settings(url, "edge-" + first.enterprise() + "-" + first.plant());
        CollectorConfig.Buffer b = cfg.buffer() == null ? CollectorConfig.Buffer.defaults() : cfg.buffer();
        EdgeSignals signals;
        try {
            signals = EdgeSignals.forBuffer(Path.of(b.path()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the edge's signal ids next to " + b.path() + ": " + e, e);
        }
        MqttPublisher publisher = MqttPublisher.connect(broker, signals, Duration.ofSeconds(10));
        Collector collector;
        try {
            collector = Collector.startForwardingTo(cfg, signals, publisher);
        } catch (java.sql.SQLException e) {
            publisher.close();
            throw new IllegalStateException("cannot register the configured machines: " + e.getMessage(), e);
        }
        Shutdown.onExit(collector::close, publisher::close);
        Shutdown.awaitForever();
    }
}
