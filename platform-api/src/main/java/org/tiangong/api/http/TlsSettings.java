package org.tiangong.api.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate the API serves HTTPS with: a PEM certificate chain and key, or a PKCS#12 file with its password.
 * Files are checked at start, so a wrong path fails naming it rather than at the first connection.
 */
public record TlsSettings(Path certificatePem, Path keyPem, Path pkcs12, String pkcs12Password) {

    public static TlsSettings pem(Path certificate, Path key) {
        return new TlsSettings(certificate, key, null, null);
    }

    public static TlsSettings pkcs12(Path file, String password) {
        return new TlsSettings(null, null, file, password);
    }

    public TlsSettings {
        if ((pkcs12 == null) == (certificatePem == null)) {
            throw new IllegalArgumentException("TLS: give either a PEM certificate and key or a PKCS#12 file");
        }
        if (certificatePem != null && keyPem == null)
            throw new IllegalArgumentException("TLS: the PEM certificate needs its key (--tls-key)");
        for (Path p : new Path[] {certificatePem, keyPem, pkcs12}) {
            if (p != null && !Files.isReadable(p))
                throw new IllegalArgumentException("TLS: cannot read " + p.toAbsolutePath());
        }
    }

    /** Puts the certificate into the server options. */
    public void apply(HttpServerOptions options) {
        options.setSsl(true);
        if (pkcs12 != null) {
            options.setKeyCertOptions(
                    new PfxOptions().setPath(pkcs12.toString()).setPassword(pkcs12Password));
        } else {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(certificatePem.toString())
                    .setKeyPath(keyPem.toString()));
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[" + (pkcs12 != null ? pkcs12 : certificatePem) + "]";
    }
}
