package org.tiangong.collector.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the HiveMQ MQTT 5 client for {@link BrokerSettings}: TLS with the given CA file as the only trust anchor,
 * the broker's host name verified, and automatic reconnects (0.5 s doubling to 10 s) that resume the session.
 */
final class BrokerClients {

    private BrokerClients() {}

    static Mqtt5ClientBuilder builder(BrokerSettings s) {
        Mqtt5ClientBuilder b = MqttClient.builder()
                .useMqttVersion5()
                .identifier(s.clientId())
                .serverHost(s.host())
                .serverPort(s.port())
                .automaticReconnect()
                .initialDelay(500, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
        if (s.tls()) {
            var ssl = b.sslConfig().handshakeTimeout(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            if (s.caFile() != null) ssl = ssl.trustManagerFactory(trustOnly(s));
            b = ssl.applySslConfig();
        }
        return b;
    }

    private static TrustManagerFactory trustOnly(BrokerSettings s) {
        try (InputStream in = Files.newInputStream(s.caFile())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IllegalArgumentException("CA file " + s.caFile() + " holds no certificate");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read the CA file " + s.caFile() + " (PEM certificates expected): " + e.getMessage(), e);
        }
    }
}
