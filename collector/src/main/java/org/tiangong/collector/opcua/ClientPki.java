package org.tiangong.collector.opcua;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's side of OPC UA security, kept in {@code <dataDir>/pki}:
 * <ul>
 *   <li>{@code own/platform.pfx}: the application instance certificate (self-signed RSA 2048 / SHA-256, application
 *       URI {@value #APPLICATION_URI}), generated at the first start and reused afterwards, so that servers which
 *       trusted it keep trusting it;</li>
 *   <li>{@code trusted/certs}, {@code issuers/certs}: the trust list of server certificates (Milo's
 *       {@link FileBasedTrustListManager}, which also notices files an operator copies in);</li>
 *   <li>{@code rejected}: every server certificate that failed validation, for an operator to inspect and trust
 *       ({@link #trust}).</li>
 * </ul>
 * A server is never accepted silently: the validator of {@link #validator} checks the chain against the trust list
 * and quarantines what fails; only an endpoint explicitly flagged for development skips the verdict (and is logged).
 */
public final class ClientPki implements AutoCloseable {

    public static final String APPLICATION_URI = "urn:tiangong:platform";

    private static final Logger log = LoggerFactory.getLogger(ClientPki.class);
    private static final String ALIAS = "tiangong-platform";
    /**
     * The key store file is readable by its owner only; this password keeps it a valid PKCS#12 file rather than
     * protecting it (override with {@code TIANGONG_PKI_PASSWORD}).
     */
    private static final char[] DEFAULT_STORE_PASSWORD = "tiangong-platform".toCharArray();

    static {
        // Aes256_Sha256_RsaPss needs RSA-PSS signatures from Bouncy Castle
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) Security.addProvider(new BouncyCastleProvider());
    }

    /** A certificate as an operator sees it. {@code thumbprint}: SHA-1 of the DER encoding, lower-case hex. */
    public record CertificateInfo(String thumbprint, String subject, String applicationUri, Instant notBefore,
                                  Instant notAfter) {}

    private final Path dir;
    private final FileBasedTrustListManager trustList;
    private final FileBasedCertificateQuarantine rejected;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private ClientPki(Path dir, FileBasedTrustListManager trustList, FileBasedCertificateQuarantine rejected,
                      KeyPair keyPair, X509Certificate certificate) {
        this.dir = dir;
        this.trustList = trustList;
        this.rejected = rejected;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** Opens (creating at first use) the PKI under {@code dataDir/pki}. */
    public static ClientPki open(Path dataDir) throws IOException {
        Path pki = dataDir.resolve("pki");
        Files.createDirectories(pki.resolve("own"));
        var trustList = FileBasedTrustListManager.createAndInitialize(pki);
        var quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected"));
        char[] password = Optional.ofNullable(System.getenv("TIANGONG_PKI_PASSWORD")).map(String::toCharArray)
                .orElse(DEFAULT_STORE_PASSWORD);
        Path store = pki.resolve("own").resolve("platform.pfx");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(store)) {
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, password);
                KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new X509Certificate[] {selfSigned(pair)});
                Path tmp = Files.createTempFile(pki.resolve("own"), "platform", ".tmp");
                try {
                    try {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not POSIX
                    }
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        ks.store(out, password);
                    }
                    Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                log.info("created the platform's OPC UA application certificate in {} (thumbprint {})", store,
                        thumbprint((X509Certificate) ks.getCertificate(ALIAS)));
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, password);
            return new ClientPki(pki, trustList, quarantine, new KeyPair(cert.getPublicKey(), key), cert);
        } catch (IOException e) {
            trustList.close();
            throw e;
        } catch (Exception e) {
            trustList.close();
            throw new IOException("cannot read or create the platform certificate in " + store + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        var builder = new SelfSignedCertificateBuilder(pair)
                .setCommonName("Tiangong platform")
                .setOrganization("Tiangong")
                .setOrganizationalUnit("collector")
                .setCountryCode("CN")
                .setApplicationUri(APPLICATION_URI)
                .setValidityPeriod(java.time.Period.ofYears(5));
        Set<String> names = new LinkedHashSet<>(List.of("localhost"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no resolvable host name: localhost only
        }
        for (String n : names) builder.addDnsName(n);
        builder.addIpAddress("127.0.0.1");
        return builder.build();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public CertificateInfo certificateInfo() {
        return info(certificate);
    }

    /** The application certificate in PEM, for a server administrator to put into the server's trust list. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The validator for one endpoint. Untrusted server certificates are quarantined in {@code rejected} and refused;
     * with {@code allowUntrusted} (a development endpoint, set explicitly by an operator) they are quarantined,
     * logged and accepted.
     */
    public CertificateValidator validator(boolean allowUntrusted, String endpointName) {
        var strict = new DefaultClientCertificateValidator(trustList, rejected);
        if (!allowUntrusted) return strict;
        return (chain, applicationUri, hostNames) -> {
            try {
                strict.validateCertificateChain(chain, applicationUri, hostNames);
            } catch (UaException e) {
                log.warn("endpoint {}: server certificate {} is not trusted ({}); accepted because the endpoint allows "
                        + "untrusted servers (development only)", endpointName, thumbprint(chain.get(0)), e.getStatusCode());
            }
        };
    }

    public List<CertificateInfo> rejected() {
        return rejected.getRejectedCertificates().stream().map(ClientPki::info).distinct().toList();
    }

    public List<CertificateInfo> trusted() {
        return trustList.getTrustedCertificates().stream().map(ClientPki::info).distinct().toList();
    }

    public boolean isTrusted(X509Certificate c) {
        String t = thumbprint(c);
        return trustList.getTrustedCertificates().stream().anyMatch(x -> thumbprint(x).equals(t));
    }

    /** Moves a rejected certificate into the trust list; empty when no rejected certificate has that thumbprint. */
    public Optional<CertificateInfo> trust(String thumbprint) {
        String wanted = thumbprint.toLowerCase(Locale.ROOT);
        for (X509Certificate c : rejected.getRejectedCertificates()) {
            if (thumbprint(c).equals(wanted)) {
                trustList.addTrustedCertificate(c);
                rejected.removeRejectedCertificate(c);
                log.info("server certificate {} ({}) moved from rejected to trusted", wanted, c.getSubjectX500Principal().getName());
                return Optional.of(info(c));
            }
        }
        return Optional.empty();
    }

    public static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(CertificateUtil.thumbprint(c).bytesOrEmpty());
        } catch (UaException e) {
            throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
        }
    }

    static CertificateInfo info(X509Certificate c) {
        return new CertificateInfo(thumbprint(c), c.getSubjectX500Principal().getName(),
                CertificateUtil.getSanUri(c).orElse(null), c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            trustList.close();
        } catch (IOException e) {
            log.warn("closing the trust list in {}: {}", dir, e.toString());
        }
    }
}
