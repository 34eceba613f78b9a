package org.tiangong.collector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Builds Milo clients the same way for the collector, the connection test and browsing: discover the server's
 * endpoints, pick the one the {@link ClientSecurity} accepts (highest security level first), and configure the
 * platform's certificate, trust list and identity.
 */
public final class ClientFactory {

    /** How long discovery may take before the server counts as unreachable. */
    static final long DISCOVERY_TIMEOUT_SECONDS = 10;

    private ClientFactory() {}

    /**
     * The server's endpoints. A server offering only secured endpoints may answer discovery only at
     * {@code <url>/discovery} (OPC UA Part 6); that is tried when the URL itself refuses.
     */
    public static List<EndpointDescription> discover(String url) throws UaException {
        try {
            return getEndpoints(url);
        } catch (UaException e) {
            if (isNetworkFailure(e)) throw e;
            try {
                return getEndpoints(url.endsWith("/") ? url + "discovery" : url + "/discovery");
            } catch (UaException again) {
                throw e;
            }
        }
    }

    private static List<EndpointDescription> getEndpoints(String url) throws UaException {
        try {
            return DiscoveryClient.getEndpoints(url).get(DISCOVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UaException(StatusCodes.Bad_Shutdown, "interrupted");
        } catch (TimeoutException e) {
            throw new UaException(StatusCodes.Bad_Timeout, "no answer within " + DISCOVERY_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UaException ua) throw ua;
            throw new UaException(StatusCodes.Bad_CommunicationError, String.valueOf(c.getMessage()), c);
        }
    }

    /** A failure to reach the server at all (TCP refused, unknown host, timeout), not a refusal by it. */
    static boolean isNetworkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.SocketTimeoutException) return true;
            if (t instanceof io.netty.channel.ConnectTimeoutException) return true;
            if (t instanceof UaException ua) {
                long code = ua.getStatusCode().value();
                if (code == StatusCodes.Bad_Timeout
                        || code == StatusCodes.Bad_ConnectionRejected
                        || code == StatusCodes.Bad_NotConnected
                        || code == StatusCodes.Bad_ServerNotConnected) return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** The endpoint to use, with its URL rewritten to the host and port the configuration names. */
    public static Optional<EndpointDescription> choose(
            List<EndpointDescription> endpoints, String url, ClientSecurity security) {
        URI configured = URI.create(url);
        return endpoints.stream()
                .filter(security::accepts)
                .max(Comparator.comparing(e -> e.getSecurityLevel().intValue()))
                // servers often advertise a host name (or port) that only resolves inside their own network;
                // connect where the configuration says the server is
                .map(e -> EndpointUtil.updateUrl(e, configured.getHost(), configured.getPort()));
    }

    /** A client for the endpoint (not connected yet). */
    public static OpcUaClient create(String name, String url, ClientSecurity security) throws UaException {
        List<EndpointDescription> endpoints = discover(url);
        EndpointDescription endpoint = choose(endpoints, url, security)
                .orElseThrow(() -> new UaException(
                        StatusCodes.Bad_SecurityPolicyRejected,
                        "the server offers no endpoint with " + security.policy() + "/" + security.mode() + " and "
                                + security.identity().tokenType()));
        return create(name, endpoint, security);
    }

    public static OpcUaClient create(String name, EndpointDescription endpoint, ClientSecurity security)
            throws UaException {
        OpcUaClientConfigBuilder builder = new OpcUaClientConfigBuilder()
                .setEndpoint(endpoint)
                .setApplicationName(LocalizedText.english("Tiangong collector"))
                .setApplicationUri("urn:tiangong:collector")
                .setProductUri("urn:tiangong:collector")
                .setRequestTimeout(uint(15_000));
        security.configure(builder, name);
        return OpcUaClient.create(builder.build());
    }
}
