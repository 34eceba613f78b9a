package org.tiangong.api.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.tiangong.collector.mqtt.BrokerSettings;
import picocli.CommandLine.Option;

/**
 * MQTT options shared by {@code collect --publish} and {@code ingest}: credentials, trust, client id, session expiry.
 * The password never comes from the command line (shell history, ps): from {@code --mqtt-password-file} or the
 * environment variable {@code TIANGONG_MQTT_PASSWORD}.
 */
final class MqttOptions {

    @Option(
            names = "--mqtt-username",
            paramLabel = "USER",
            description = "MQTT user name (env TIANGONG_MQTT_USERNAME); one per plant, so the broker's ACL confines it")
    String username;

    @Option(
            names = "--mqtt-password-file",
            paramLabel = "FILE",
            description = "file holding the MQTT password (trailing newline ignored); else env TIANGONG_MQTT_PASSWORD")
    Path passwordFile;

    @Option(
            names = "--mqtt-ca-file",
            paramLabel = "PEM",
            description = "CA certificate(s) (PEM) the broker's TLS certificate must chain to (mqtts:// only); "
                    + "default: the JVM's trust store")
    Path caFile;

    @Option(
            names = "--mqtt-client-id",
            paramLabel = "ID",
            description =
                    "MQTT client id, the name of the persistent session: one per plant edge / per ingest instance")
    String clientId;

    @Option(
            names = "--mqtt-session-expiry",
            paramLabel = "SECONDS",
            defaultValue = "86400",
            description = "how long the broker keeps the session while the client is away (default ${DEFAULT-VALUE})")
    long sessionExpirySeconds;

    BrokerSettings settings(String url, String defaultClientId) {
        BrokerSettings s = BrokerSettings.parse(url, clientId != null ? clientId : defaultClientId)
                .withSessionExpiry(Duration.ofSeconds(sessionExpirySeconds));
        String user = username != null ? username : System.getenv("TIANGONG_MQTT_USERNAME");
        byte[] password = password();
        if (user != null || password != null) s = s.withCredentials(user, password);
        if (caFile != null) {
            if (!Files.isReadable(caFile))
                throw new IllegalArgumentException("--mqtt-ca-file " + caFile + ": cannot read the file");
            s = s.withCaFile(caFile);
        }
        return s;
    }

    private byte[] password() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8)
                        .stripTrailing()
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--mqtt-password-file " + passwordFile + ": cannot read it (" + e.getMessage() + ")", e);
            }
        }
        String env = System.getenv("TIANGONG_MQTT_PASSWORD");
        return env == null || env.isEmpty() ? null : env.getBytes(StandardCharsets.UTF_8);
    }
}
