package org.tiangong.api.cli;

import java.nio.file.Path;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.http.ApiMetrics;
import org.tiangong.api.http.TlsSettings;
import picocli.CommandLine.Option;

/** HTTPS and the development flag, shared by {@code api} and {@code demo}. */
final class HttpOptions {

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "serve HTTPS with this PEM certificate (chain); needs --tls-key")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the PEM private key of --tls-cert")
    Path key;

    @Option(
            names = "--tls-pkcs12",
            paramLabel = "FILE",
            description = "serve HTTPS with this PKCS#12 key store (password from env TIANGONG_TLS_PASSWORD)")
    Path pkcs12;

    @Option(
            names = "--dev-allow-untrusted-endpoints",
            description = "DEVELOPMENT ONLY: let admins create endpoints with allowUntrusted (connect to servers whose "
                    + "certificate is not trusted); every such endpoint is audited")
    boolean devAllowUntrusted;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "serve Prometheus metrics (response times per route, pools of blocking work, the JVM) at "
                    + "http://<--host>:PORT/metrics, without login: publish this port only to the monitoring "
                    + "network (default: off)")
    Integer metricsPort;

    /** The metrics of {@code --metrics-port}; null when not asked for. */
    ApiMetrics metrics() {
        if (metricsPort == null) return null;
        if (metricsPort < 0 || metricsPort > 65535)
            throw new IllegalArgumentException("--metrics-port must be 0..65535, not " + metricsPort);
        return new ApiMetrics(metricsPort);
    }

    /** The settings with TLS and the flag applied; a wrong TLS file fails here, naming it. */
    ApiSettings apply(ApiSettings settings) {
        TlsSettings tls = null;
        if (pkcs12 != null) {
            if (certificate != null || key != null)
                throw new IllegalArgumentException("give --tls-pkcs12 or --tls-cert/--tls-key, not both");
            tls = TlsSettings.pkcs12(pkcs12, System.getenv("TIANGONG_TLS_PASSWORD"));
        } else if (certificate != null || key != null) {
            if (certificate == null || key == null)
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            tls = TlsSettings.pem(certificate, key);
        }
        return settings.withTls(tls).withDevAllowUntrusted(devAllowUntrusted);
    }
}
