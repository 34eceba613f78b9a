package org.tiangong.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust lists per enterprise, and the one-time migration of the global list of earlier versions (issue 11). */
class ClientPkiTrustTest {

    static X509Certificate server(String name) throws Exception {
        var pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        return new SelfSignedCertificateBuilder(pair)
                .setCommonName(name)
                .setApplicationUri("urn:test:" + name)
                .build();
    }

    @Test
    void aCertificateTrustedForOneEnterpriseValidatesOnlyForIt(@TempDir Path dir) throws Exception {
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        X509Certificate cert = server("plc");
        try (ClientPki pki = ClientPki.open(dir)) {
            ClientPki forA = pki.forEnterprise(a);
            ClientPki forB = pki.forEnterprise(b);
            assertThat(forA.certificate()).isEqualTo(forB.certificate()); // one application certificate
            assertThatThrownBy(() -> forA.validator(false, "a").validateCertificateChain(List.of(cert), null, null));
            assertThat(forA.rejected())
                    .extracting(ClientPki.CertificateInfo::thumbprint)
                    .containsExactly(ClientPki.thumbprint(cert));
            assertThat(forB.rejected()).isEmpty();
            assertThat(forB.trust(ClientPki.thumbprint(cert))).isEmpty();
            assertThat(forA.trust(ClientPki.thumbprint(cert))).isPresent();
            forA.validator(false, "a").validateCertificateChain(List.of(cert), null, null);
            assertThatThrownBy(() -> forB.validator(false, "b").validateCertificateChain(List.of(cert), null, null));
            assertThat(forB.isTrusted(cert)).isFalse();
            assertThat(Files.isDirectory(dir.resolve("pki/enterprises/" + a + "/trusted/certs")))
                    .isTrue();
        }
    }

    @Test
    void theGlobalListIsMigratedOnceToTheEnterprisesThatHadEndpoints(@TempDir Path dir) throws Exception {
        X509Certificate old = server("old-plc");
        X509Certificate quarantined = server("stray");
        UUID withEndpoints = UUID.randomUUID(), later = UUID.randomUUID();
        try (ClientPki pki = ClientPki.open(dir)) {
            // as an earlier version left it: one list for everybody
            assertThatThrownBy(() -> pki.validator(false, "x").validateCertificateChain(List.of(old), null, null));
            assertThatThrownBy(
                    () -> pki.validator(false, "x").validateCertificateChain(List.of(quarantined), null, null));
            pki.trust(ClientPki.thumbprint(old));
        }
        try (ClientPki pki = ClientPki.open(dir)) {
            assertThat(pki.migrateGlobalTrust(List.of(withEndpoints))).isEqualTo(1);
            assertThat(pki.forEnterprise(withEndpoints).isTrusted(old)).isTrue();
            assertThat(pki.forEnterprise(later).isTrusted(old)).isFalse();
            assertThat(pki.trusted()).isEmpty();
            assertThat(pki.rejected()).isEmpty();
            assertThat(dir.resolve("pki/legacy-global"))
                    .isDirectoryContaining("glob:**/trusted-" + ClientPki.thumbprint(old) + ".der");
            assertThat(pki.migrateGlobalTrust(List.of(later))).isZero(); // once only
            assertThat(pki.forEnterprise(later).isTrusted(old)).isFalse();
        }
    }
}
