package org.tiangong.collector.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's application instance certificate and trust list, kept in one directory:
 * {@code tiangong-sim.pfx} (self-signed RSA-SHA256 key and certificate, created on first use and reused afterwards so
 * clients that trusted it keep trusting it), {@code pki/trusted}, {@code pki/issuer} (client certificates the
 * server accepts on secured endpoints) and {@code pki/rejected} (what it refused, for an operator to move to
 * trusted). With only the None endpoint nothing here is checked, but the certificate is advertised so secured
 * endpoints need no further wiring.
 */
final class ServerCertificates implements AutoCloseable {

    static final String APPLICATION_URI = "urn:tiangong:sim:server";

    private static final Logger log = LoggerFactory.getLogger(ServerCertificates.class);

    /**
     * The key store holds only the simulator's own throw-away key, so a fixed password protects nothing of value
     * and keeps the directory usable across runs without configuration.
     */
    private static final char[] KEY_STORE_PASSWORD = "tiangong-sim".toCharArray();

    private final FileBasedTrustListManager trustList;
    private final KeyStoreCertificateStore store;
    private final CertificateManager manager;
    private final X509Certificate certificate;

    private ServerCertificates(
            FileBasedTrustListManager trustList,
            KeyStoreCertificateStore store,
            CertificateManager manager,
            X509Certificate certificate) {
        this.trustList = trustList;
        this.store = store;
        this.manager = manager;
        this.certificate = certificate;
    }

    static ServerCertificates loadOrCreate(Path dir, String hostname) throws Exception {
        Files.createDirectories(dir);
        Path pki = dir.resolve("pki");
        var trustList = FileBasedTrustListManager.createAndInitialize(pki);
        var quarantine =
                FileBasedCertificateQuarantine.create(pki.resolve("rejected").resolve("certs"));
        var store = new KeyStoreCertificateStore(new KeyStoreCertificateStore.Settings(
                dir.resolve("tiangong-sim.pfx"), () -> KEY_STORE_PASSWORD, alias -> KEY_STORE_PASSWORD));
        store.initialize();

        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                return new X509Certificate[] {selfSigned(keyPair, hostname)};
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(
                trustList, store, factory, new DefaultServerCertificateValidator(trustList, quarantine));

        X509Certificate certificate = group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
                .orElseThrow(() -> new IllegalStateException("no application certificate in " + dir))[0];
        Optional<String> uri = CertificateUtil.getSanUri(certificate);
        if (uri.isEmpty() || !uri.get().equals(APPLICATION_URI)) {
            // Clients check that the server's application URI matches its certificate: replace a foreign one.
            log.warn(
                    "certificate in {} has application URI {}, replacing it with one for {}",
                    dir,
                    uri.orElse("(none)"),
                    APPLICATION_URI);
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            certificate = selfSigned(keyPair, hostname);
            group.updateCertificate(
                    NodeIds.RsaSha256ApplicationCertificateType, keyPair, new X509Certificate[] {certificate});
        }
        return new ServerCertificates(trustList, store, new DefaultCertificateManager(quarantine, group), certificate);
    }

    private static X509Certificate selfSigned(KeyPair keyPair, String hostname) throws Exception {
        var builder = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Tiangong plant simulator")
                .setOrganization("Tiangong")
                .setOrganizationalUnit("simulator")
                .setCountryCode("CN")
                .setApplicationUri(APPLICATION_URI);
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", hostname));
        for (String name : names) {
            if (name.matches("[0-9.]+") || name.contains(":")) {
                builder.addIpAddress(name);
            } else {
                builder.addDnsName(name);
            }
        }
        return builder.build();
    }

    CertificateManager manager() {
        return manager;
    }

    X509Certificate certificate() {
        return certificate;
    }

    @Override
    public void close() {
        try {
            trustList.close();
            store.close();
        } catch (IOException e) {
            log.warn("closing the simulator's trust list: {}", e.toString());
        }
    }
}
