package org.tiangong.collector.opcua;

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
 *
 * <p><b>Trust is per enterprise.</b> The platform validates an endpoint only against the trust list of the enterprise
 * the endpoint belongs to ({@link #forEnterprise}: {@code pki/enterprises/<id>/trusted|issuers|rejected}), so a
 * certificate one enterprise trusted never lets another enterprise's endpoint connect, and a certificate one
 * enterprise's test met is seen only by that enterprise. The list directly under {@code pki/} is the one of earlier
 * versions; {@link #migrateGlobalTrust} copies it once into every enterprise that had endpoints then.
 */
public final class ClientPki implements AutoCloseable {

    public static final String APPLICATION_URI = "urn:tiangong:platform";

    private static final Logger log = LoggerFactory.getLogger(ClientPki.class);
    private static final String ALIAS = "tiangong-platform";
    /**
     * The key store file is readable by its owner only; this password keeps it a valid PKCS#12 file rather than
     * protecting it (the launcher passes {@code TIANGONG_PKI_PASSWORD} instead when it is set).
     */
    private static final char[] DEFAULT_STORE_PASSWORD = "tiangong-platform".toCharArray();

    static {
        // Aes256_Sha256_RsaPss needs RSA-PSS signatures from Bouncy Castle
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null)
            Security.addProvider(new BouncyCastleProvider());
    }

    /** A certificate as an operator sees it. {@code thumbprint}: SHA-1 of the DER encoding, lower-case hex. */
    public record CertificateInfo(
            String thumbprint, String subject, String applicationUri, Instant notBefore, Instant notAfter) {}

    private final Path dir;
    private final FileBasedTrustListManager trustList;
    private final FileBasedCertificateQuarantine rejected;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    /** The enterprise whose trust list this is; null for the legacy list directly under {@code pki/}. */
    private final java.util.UUID enterpriseId;
    /** Shared by the root and every scope: one trust list manager per enterprise directory, closed with the root. */
    private final java.util.Map<java.util.UUID, ClientPki> scopes;

    private ClientPki(
            Path dir,
            FileBasedTrustListManager trustList,
            FileBasedCertificateQuarantine rejected,
            KeyPair keyPair,
            X509Certificate certificate,
            java.util.UUID enterpriseId,
            java.util.Map<java.util.UUID, ClientPki> scopes) {
        this.dir = dir;
        this.trustList = trustList;
        this.rejected = rejected;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.enterpriseId = enterpriseId;
        this.scopes = scopes;
    }

    /**
     * The same application certificate with the trust list and rejected folder of one enterprise (created at first
     * use). Closing the returned view does nothing; the root closes every scope.
     */
    public ClientPki forEnterprise(java.util.UUID enterprise) throws IOException {
        java.util.Objects.requireNonNull(enterprise, "enterprise");
        synchronized (scopes) {
            ClientPki scope = scopes.get(enterprise);
            if (scope != null) return scope;
            Path d = dir.resolve("enterprises").resolve(enterprise.toString());
            Files.createDirectories(d);
            var list = FileBasedTrustListManager.createAndInitialize(d);
            var quarantine = FileBasedCertificateQuarantine.create(d.resolve("rejected"));
            scope = new ClientPki(dir, list, quarantine, keyPair, certificate, enterprise, scopes);
            scopes.put(enterprise, scope);
            return scope;
        }
    }

    /** The enterprise of this trust list; empty for the legacy global one. */
    public Optional<java.util.UUID> enterprise() {
        return Optional.ofNullable(enterpriseId);
    }

    /**
     * Once per data directory: the certificates of the legacy global trust list (versions before per-enterprise trust)
     * are copied into the trust list of each of {@code enterprises} — those that had endpoints, any of which may have
     * been the one the certificate was trusted for — and then removed from the global list; the global rejected
     * folder is emptied (a rejected certificate reappears, in the right enterprise, at its next test). Everything
     * removed is kept as a copy in {@code pki/legacy-global/}. A marker file makes this happen once; enterprises
     * created later start with an empty list. Returns how many certificates were migrated.
     */
    public int migrateGlobalTrust(java.util.Collection<java.util.UUID> enterprises) throws IOException {
        if (enterpriseId != null) throw new IllegalStateException("migrate from the root PKI, not an enterprise scope");
        Path marker = dir.resolve("enterprises").resolve("MIGRATED-FROM-GLOBAL");
        if (Files.exists(marker)) return 0;
        Files.createDirectories(marker.getParent());
        List<X509Certificate> trusted = trustList.getTrustedCertificates();
        List<X509Certificate> issuers = trustList.getIssuerCertificates();
        List<X509Certificate> quarantined = rejected.getRejectedCertificates();
        Path archive = dir.resolve("legacy-global");
        Files.createDirectories(archive);
        for (java.util.UUID e : new java.util.LinkedHashSet<>(enterprises)) {
            ClientPki scope = forEnterprise(e);
            trusted.forEach(scope.trustList::addTrustedCertificate);
            issuers.forEach(scope.trustList::addIssuerCertificate);
        }
        for (X509Certificate c : trusted) {
            archive(archive, "trusted", c);
            trustList.removeTrustedCertificate(org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.of(
                    HexFormat.of().parseHex(thumbprint(c))));
        }
        for (X509Certificate c : issuers) {
            archive(archive, "issuer", c);
            trustList.removeIssuerCertificate(org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.of(
                    HexFormat.of().parseHex(thumbprint(c))));
        }
        for (X509Certificate c : quarantined) {
            archive(archive, "rejected", c);
            rejected.removeRejectedCertificate(c);
        }
        Files.writeString(
                marker,
                "global trust list migrated at " + Instant.now() + ": " + trusted.size()
                        + " trusted and " + issuers.size() + " issuer certificates copied to enterprises " + enterprises
                        + "; " + quarantined.size() + " rejected certificates removed; copies in " + archive + "\n");
        if (!trusted.isEmpty() || !quarantined.isEmpty()) {
            log.warn(
                    "per-enterprise trust: migrated {} globally trusted server certificates to the {} enterprises that had "
                            + "endpoints, and cleared {} globally rejected ones (copies in {})",
                    trusted.size(),
                    enterprises.size(),
                    quarantined.size(),
                    archive);
        }
        return trusted.size();
    }

    private static void archive(Path archive, String kind, X509Certificate c) throws IOException {
        try {
            Files.write(archive.resolve(kind + "-" + thumbprint(c) + ".der"), c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** Opens (creating at first use) the PKI under {@code dataDir/pki}, its key store under the default password. */
    public static ClientPki open(Path dataDir) throws IOException {
        return open(dataDir, DEFAULT_STORE_PASSWORD);
    }

    /** Opens (creating at first use) the PKI under {@code dataDir/pki}, its key store under {@code password}. */
    public static ClientPki open(Path dataDir, char[] password) throws IOException {
        Path pki = dataDir.resolve("pki");
        Files.createDirectories(pki.resolve("own"));
        var trustList = FileBasedTrustListManager.createAndInitialize(pki);
        var quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected"));
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
                log.info(
                        "created the platform's OPC UA application certificate in {} (thumbprint {})",
                        store,
                        thumbprint((X509Certificate) ks.getCertificate(ALIAS)));
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, password);
            return new ClientPki(
                    pki,
                    trustList,
                    quarantine,
                    new KeyPair(cert.getPublicKey(), key),
                    cert,
                    null,
                    new java.util.HashMap<>());
        } catch (IOException e) {
            trustList.close();
            throw e;
        } catch (Exception e) {
            trustList.close();
            throw new IOException(
                    "cannot read or create the platform certificate in " + store + ": " + e.getMessage(), e);
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
                log.warn(
                        "endpoint {} (enterprise {}): server certificate {} is not trusted ({}); accepted because the endpoint allows "
                                + "untrusted servers (development only)",
                        endpointName,
                        enterpriseId,
                        thumbprint(chain.get(0)),
                        e.getStatusCode());
            }
        };
    }

    public List<CertificateInfo> rejected() {
        return rejected.getRejectedCertificates().stream()
                .map(ClientPki::info)
                .distinct()
                .toList();
    }

    public List<CertificateInfo> trusted() {
        return trustList.getTrustedCertificates().stream()
                .map(ClientPki::info)
                .distinct()
                .toList();
    }

    public boolean isTrusted(X509Certificate c) {
        String t = thumbprint(c);
        return trustList.getTrustedCertificates().stream()
                .anyMatch(x -> thumbprint(x).equals(t));
    }

    /** Moves a rejected certificate into the trust list; empty when no rejected certificate has that thumbprint. */
    public Optional<CertificateInfo> trust(String thumbprint) {
        String wanted = thumbprint.toLowerCase(Locale.ROOT);
        for (X509Certificate c : rejected.getRejectedCertificates()) {
            if (thumbprint(c).equals(wanted)) {
                trustList.addTrustedCertificate(c);
                rejected.removeRejectedCertificate(c);
                log.info(
                        "server certificate {} ({}) moved from rejected to trusted{}",
                        wanted,
                        c.getSubjectX500Principal().getName(),
                        enterpriseId == null ? " (global list)" : " for enterprise " + enterpriseId);
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
        return new CertificateInfo(
                thumbprint(c),
                c.getSubjectX500Principal().getName(),
                CertificateUtil.getSanUri(c).orElse(null),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant());
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        if (enterpriseId != null) return; // a scope: the root closes it
        synchronized (scopes) {
            for (ClientPki scope : scopes.values()) closeList(scope.trustList);
            scopes.clear();
        }
        closeList(trustList);
    }

    private void closeList(FileBasedTrustListManager list) {
        try {
            list.close();
        } catch (IOException e) {
            log.warn("closing the trust list in {}: {}", dir, e.toString());
        }
    }
}
