package org.tiangong.api.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.api.edge.EdgeConfigClient;
import org.tiangong.api.edge.PulledSource;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.connect.PlatformFiles;
import org.tiangong.collector.mqtt.BrokerSettings;
import org.tiangong.collector.mqtt.EdgeSignals;
import org.tiangong.collector.mqtt.MqttPublisher;

/**
 * {@code tiangong collect --publish mqtt(s)://…}: the YAML file's endpoints and/or the plant's endpoints pulled from
 * the platform ({@code --config-from}), buffered on disk, published to the broker; a sample leaves the buffer only
 * after the broker's PUBACK. No database connection from the plant.
 */
final class EdgeMode {

    private static final Logger log = LoggerFactory.getLogger(EdgeMode.class);

    private EdgeMode() {}

    /** {@code --config-from}, {@code --api-key-file} and {@code --config-poll}. */
    record Pull(URI from, Path keyFile, Duration poll) {}

    static void run(CollectorConfig cfg, Path file, String url, MqttOptions mqtt, Pull pull, PlatformFiles files) {
        if (pull == null && (file == null || cfg.endpoints().isEmpty()))
            throw new IllegalArgumentException("--publish needs --config with endpoints, or --config-from (the "
                    + "plant's endpoints saved on the platform) with --api-key-file");
        CollectorConfig.Buffer b = cfg.buffer() == null ? CollectorConfig.Buffer.defaults() : cfg.buffer();
        EdgeSignals signals;
        try {
            signals = EdgeSignals.forBuffer(Path.of(b.path()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the edge's signal ids next to " + b.path() + ": " + e, e);
        }
        PulledSource pulled = pull == null
                ? null
                : new PulledSource(
                        new EdgeConfigClient(pull.from(), readKey(pull.keyFile()), Duration.ofSeconds(10)),
                        Path.of(b.path()),
                        files.secrets(),
                        signals);
        MachinePath first = cfg.endpoints().isEmpty()
                ? awaitPlant(pulled, pull.poll())
                : cfg.endpoints().get(0).machines().get(0).machinePath();
        BrokerSettings broker = mqtt.settings(url, "edge-" + first.enterprise() + "-" + first.plant());
        MqttPublisher publisher = MqttPublisher.connect(broker, signals, Duration.ofSeconds(10));
        Collector collector;
        try {
            collector = Collector.startForwardingTo(
                    cfg,
                    signals,
                    publisher,
                    pulled,
                    pull == null
                            ? null
                            : new DatabaseEndpoints.Options(files, pull.poll(), cfg.maxClockSkew(), 500, 10));
        } catch (java.sql.SQLException e) {
            publisher.close();
            throw new IllegalStateException("cannot register the configured machines: " + e.getMessage(), e);
        }
        Shutdown.onExit(collector::close, publisher::close);
        Shutdown.awaitForever();
    }

    /** The edge key from its file; a file others may read is named in a warning (the key reads the plant's setup). */
    static String readKey(Path keyFile) {
        String key;
        try {
            key = Files.readString(keyFile).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-key-file " + keyFile + ": cannot read it: " + e.getMessage(), e);
        }
        if (!key.startsWith("tge_"))
            throw new IllegalArgumentException("--api-key-file " + keyFile + ": expected an edge key (tge_…) from "
                    + "POST /api/v1/plants/{plantId}/edge-keys");
        try {
            var perms = Files.getPosixFilePermissions(keyFile);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ))
                log.warn("--api-key-file {}: readable by other users; chmod 600 it", keyFile);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
        return key;
    }

    /**
     * With no YAML endpoints the MQTT client id needs the plant's codes: from the cached configuration, or from the
     * first answer of the platform (retried every poll, the trouble logged once).
     */
    private static MachinePath awaitPlant(PulledSource source, Duration poll) {
        String logged = null;
        while (source.plant().isEmpty()) {
            try {
                source.version();
            } catch (IOException e) {
                if (!e.getMessage().equals(logged))
                    log.warn("edge configuration: {}; retrying every {} s", e.getMessage(), poll.toSeconds());
                logged = e.getMessage();
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the edge configuration", ie);
                }
            }
        }
        return source.plant().get();
    }
}
