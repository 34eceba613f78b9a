package org.tiangong.collector.opcua;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to an endpoint once, the way the collector would, and says what happened in words a field engineer can
 * act on: the server is unreachable; it does not offer the security policy (and what it offers); its certificate is
 * not trusted (with the thumbprint to trust); it does not trust ours; the user name or password is wrong; or it
 * worked. Never logs or returns a password.
 */
public final class ConnectionTester {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

    /** What the test found. {@code outcome} is a stable key for programs, {@code message} is for people. */
    public enum Outcome {
        CONNECTED,
        UNREACHABLE,
        POLICY_NOT_OFFERED,
        IDENTITY_NOT_OFFERED,
        SERVER_CERTIFICATE_UNTRUSTED,
        CLIENT_CERTIFICATE_REJECTED,
        WRONG_CREDENTIALS,
        FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param thumbprint the server certificate's thumbprint (untrusted server) or the platform's (rejected by the
     *                   server); null otherwise
     * @param offered    what the server offers, e.g. {@code Basic256Sha256/SignAndEncrypt [UserName, Anonymous]}
     *                   (empty when it could not be asked)
     */
    public record Report(Outcome outcome, String message, String thumbprint, List<String> offered, String serverName) {
        public boolean ok() {
            return outcome == Outcome.CONNECTED;
        }
    }

    private ConnectionTester() {}

    public static Report test(String name, String url, ClientSecurity security) {
        String where = hostPort(url);
        List<EndpointDescription> endpoints;
        try {
            endpoints = ClientFactory.discover(url);
        } catch (UaException e) {
            if (ClientFactory.isNetworkFailure(e)) {
                return new Report(
                        Outcome.UNREACHABLE,
                        "Cannot reach " + where + " (" + networkReason(e) + "). Check the "
                                + "address and port, that the machine is switched on and on this network, and that no firewall "
                                + "blocks the port.",
                        null,
                        List.of(),
                        null);
            }
            return new Report(
                    Outcome.FAILED,
                    "The server at " + where + " answered but did not list its endpoints (" + e.getStatusCode()
                            + "). Check the URL's path.",
                    null,
                    List.of(),
                    null);
        }
        List<String> offered =
                endpoints.stream().map(ConnectionTester::describe).distinct().toList();
        String serverName = endpoints.isEmpty()
                ? null
                : endpoints.get(0).getServer().getApplicationName().text();

        List<EndpointDescription> sameSecurity = endpoints.stream()
                .filter(e -> security.policy().getUri().equals(e.getSecurityPolicyUri())
                        && security.mode() == e.getSecurityMode())
                .toList();
        if (sameSecurity.isEmpty()) {
            return new Report(
                    Outcome.POLICY_NOT_OFFERED,
                    "The server does not offer security policy " + security.policy()
                            + " with mode " + security.mode() + ". It offers: " + String.join("; ", offered)
                            + ". Choose one of these for the endpoint.",
                    null,
                    offered,
                    serverName);
        }
        EndpointDescription endpoint =
                ClientFactory.choose(sameSecurity, url, security).orElse(null);
        if (endpoint == null) {
            List<String> tokens = sameSecurity.stream()
                    .flatMap(ClientSecurity::tokenPolicies)
                    .map(t -> tokenName(t.getTokenType()))
                    .distinct()
                    .toList();
            return new Report(
                    Outcome.IDENTITY_NOT_OFFERED,
                    "The server does not accept "
                            + tokenName(security.identity().tokenType())
                            + " logins with " + security.policy() + "/" + security.mode() + "; it accepts: "
                            + String.join(", ", tokens)
                            + ".",
                    null,
                    offered,
                    serverName);
        }

        if (security.policy() != SecurityPolicy.None) {
            Report untrusted = checkServerCertificate(name, endpoint, security, offered, serverName);
            if (untrusted != null) return untrusted;
        }

        OpcUaClient client = null;
        try {
            client = ClientFactory.create(name, endpoint, security);
            client.connect();
            String user = security.identity() instanceof ClientSecurity.UserName u
                    ? "user " + u.username()
                    : tokenName(security.identity().tokenType());
            return new Report(
                    Outcome.CONNECTED,
                    "Connected to " + (serverName == null ? where : serverName + " at " + where) + " with "
                            + security.policy() + "/" + security.mode() + " as " + user + ".",
                    null,
                    offered,
                    serverName);
        } catch (UaException e) {
            return fromConnectFailure(e, where, security, offered, serverName);
        } catch (RuntimeException e) {
            log.warn("endpoint {}: connection test failed unexpectedly: {}", name, e.toString());
            return new Report(
                    Outcome.FAILED,
                    "The connection failed: " + e.getClass().getSimpleName(),
                    null,
                    offered,
                    serverName);
        } finally {
            if (client != null) {
                try {
                    client.disconnectAsync().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("endpoint {}: disconnect after test: {}", name, e.toString());
                }
            }
        }
    }

    private static Report checkServerCertificate(
            String name,
            EndpointDescription endpoint,
            ClientSecurity security,
            List<String> offered,
            String serverName) {
        ByteString bytes = endpoint.getServerCertificate();
        if (bytes == null || bytes.isNull()) {
            return new Report(
                    Outcome.FAILED,
                    "The server offers " + security.policy() + " but sends no certificate.",
                    null,
                    offered,
                    serverName);
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateUtil.decodeCertificates(bytes.bytesOrEmpty());
        } catch (UaException e) {
            return new Report(Outcome.FAILED, "The server's certificate cannot be read.", null, offered, serverName);
        }
        String thumbprint = ClientPki.thumbprint(chain.get(0));
        try {
            // the validator quarantines a certificate it refuses, so it shows up in GET /api/v1/pki/rejected
            security.pki()
                    .validator(false, name)
                    .validateCertificateChain(chain, endpoint.getServer().getApplicationUri(), null);
            return null;
        } catch (UaException e) {
            if (security.allowUntrusted()) {
                log.warn(
                        "endpoint {}: server certificate {} not trusted ({}); continuing because the endpoint allows "
                                + "untrusted servers (development only)",
                        name,
                        thumbprint,
                        e.getStatusCode());
                return null;
            }
            String subject = chain.get(0).getSubjectX500Principal().getName();
            return new Report(
                    Outcome.SERVER_CERTIFICATE_UNTRUSTED,
                    "The server's certificate is not trusted yet (thumbprint "
                            + thumbprint + ", " + subject
                            + "). Compare the thumbprint with the one shown on the machine; if they "
                            + "match, trust it (POST /api/v1/pki/rejected/" + thumbprint + "/trust) and test again.",
                    thumbprint,
                    offered,
                    serverName);
        }
    }

    private static Report fromConnectFailure(
            UaException e, String where, ClientSecurity security, List<String> offered, String serverName) {
        long code = e.getStatusCode().value();
        if (code == StatusCodes.Bad_UserAccessDenied
                || code == StatusCodes.Bad_IdentityTokenRejected
                || code == StatusCodes.Bad_IdentityTokenInvalid) {
            String who = security.identity() instanceof ClientSecurity.UserName u ? " for user " + u.username() : "";
            return new Report(
                    Outcome.WRONG_CREDENTIALS,
                    "The server refused the login" + who + ": wrong user name or "
                            + "password (or the user may not connect). Check them with the machine's administrator.",
                    null,
                    offered,
                    serverName);
        }
        if (code == StatusCodes.Bad_SecurityChecksFailed
                || code == StatusCodes.Bad_CertificateUntrusted
                || code == StatusCodes.Bad_CertificateInvalid
                || code == StatusCodes.Bad_CertificateUriInvalid) {
            String ours = security.pki() == null
                    ? null
                    : ClientPki.thumbprint(security.pki().certificate());
            return new Report(
                    Outcome.CLIENT_CERTIFICATE_REJECTED,
                    "The server refused the secure connection: most likely "
                            + "it does not trust the platform's certificate"
                            + (ours == null ? "" : " (thumbprint " + ours + ")")
                            + ". On the machine's OPC UA server, move it from the rejected to the trusted certificates (download "
                            + "it from GET /api/v1/pki/certificate), then test again.",
                    ours,
                    offered,
                    serverName);
        }
        if (ClientFactory.isNetworkFailure(e)) {
            return new Report(
                    Outcome.UNREACHABLE,
                    "The server at " + where + " listed its endpoints but the connection " + "then failed ("
                            + networkReason(e) + ").",
                    null,
                    offered,
                    serverName);
        }
        return new Report(
                Outcome.FAILED,
                "The server refused the connection: " + e.getStatusCode()
                        + ". Check the security settings with the machine's administrator.",
                null,
                offered,
                serverName);
    }

    static String describe(EndpointDescription e) {
        String policy = SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                .map(Enum::name)
                .orElse(e.getSecurityPolicyUri());
        List<String> tokens = ClientSecurity.tokenPolicies(e)
                .map(t -> tokenName(t.getTokenType()))
                .distinct()
                .toList();
        return policy + "/" + e.getSecurityMode() + " " + tokens;
    }

    static String tokenName(UserTokenType t) {
        return switch (t) {
            case Anonymous -> "anonymous";
            case UserName -> "username";
            case Certificate -> "x509";
            case IssuedToken -> "issued token";
        };
    }

    private static String hostPort(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() + ":" + (u.getPort() < 0 ? 4840 : u.getPort());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String networkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) return "connection refused: nothing listens on that port";
            if (t instanceof java.net.UnknownHostException) return "unknown host name";
            if (t instanceof java.net.NoRouteToHostException) return "no route to the host";
            if (t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.net.SocketTimeoutException)
                return "timed out";
            if (t instanceof UaException ua && ua.getStatusCode().value() == StatusCodes.Bad_Timeout)
                return "timed out";
            if (t.getCause() == t) break;
        }
        return Objects.toString(e.getMessage(), e.getClass().getSimpleName());
    }
}
