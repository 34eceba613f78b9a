package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.api.http.TlsSettings;

/** The API serves HTTPS with a PKCS#12 or PEM certificate when given one, and then sends HSTS (issue 11). */
class TlsTest {

    @Test
    void theApiServesHttpsWithAPkcs12OrPemCertificateAndSendsHsts(@TempDir Path dir) throws Exception {
        KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(pair)
                .setCommonName("localhost")
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
        Path p12 = dir.resolve("api.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("api", pair.getPrivate(), "secret-pass".toCharArray(), new X509Certificate[] {cert});
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, "secret-pass".toCharArray());
        }
        Path certPem = dir.resolve("api.crt");
        Path keyPem = dir.resolve("api.key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        for (TlsSettings tls :
                new TlsSettings[] {TlsSettings.pkcs12(p12, "secret-pass"), TlsSettings.pem(certPem, keyPem)}) {
            try (TestPlatform platform = new TestPlatform(ApiSettings.defaults().withTls(tls), Clock.systemUTC())) {
                WebClient https = WebClient.create(
                        platform.vertx,
                        new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
                WebClient plain = WebClient.create(platform.vertx);
                try {
                    var r = https.get(platform.server.port(), "127.0.0.1", "/health")
                            .send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(20, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).as(tls.toString()).isEqualTo(200);
                    assertThat(r.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
                    // plain HTTP to the HTTPS port gets no API answer
                    assertThatThrownBy(() -> {
                                var answer = plain.get(platform.server.port(), "127.0.0.1", "/health")
                                        .send()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(20, TimeUnit.SECONDS);
                                if (answer.statusCode() == 200) throw new AssertionError("served over plain HTTP");
                                throw new IllegalStateException("refused with " + answer.statusCode());
                            })
                            .isNotInstanceOf(AssertionError.class);
                } finally {
                    https.close();
                    plain.close();
                }
            }
        }
        assertThatThrownBy(() -> TlsSettings.pem(dir.resolve("missing.crt"), keyPem))
                .hasMessageContaining("missing.crt");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
