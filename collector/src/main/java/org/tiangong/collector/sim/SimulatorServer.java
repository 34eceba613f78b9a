package org.tiangong.collector.sim;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * One life of the simulator's OPC UA server: a Milo {@link OpcUaServer} with the plant namespace, from bind to
 * shutdown. Milo servers are not meant to start again after shutdown, so a restart builds a new one of these from
 * the current values.
 */
final class SimulatorServer {

    static {
        // Aes256_Sha256_RsaPss needs RSA-PSS from Bouncy Castle
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
    }

    private final OpcUaServer server;
    private final SimNamespace namespace;

    private SimulatorServer(OpcUaServer server, SimNamespace namespace) {
        this.server = server;
        this.namespace = namespace;
    }

    static SimulatorServer start(
            PlantDefinition plant,
            SimulatorOptions options,
            int port,
            ServerCertificates certificates,
            Map<String, DataValue> values)
            throws InterruptedException, ExecutionException {
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(ServerCertificates.APPLICATION_URI)
                .setApplicationName(LocalizedText.english(
                        "Tiangong plant simulator: " + plant.plant().code()))
                .setProductUri("urn:tiangong:sim")
                .setBuildInfo(new BuildInfo(
                        "urn:tiangong:sim",
                        "Tiangong",
                        "Tiangong plant simulator",
                        OpcUaServer.SDK_VERSION,
                        "",
                        DateTime.now()))
                .setEndpoints(endpoints(options, port, certificates))
                .setCertificateManager(certificates.manager())
                .setIdentityValidator(identityValidator(options))
                .build();

        var server = new OpcUaServer(
                config,
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
        // the companion machines are "behind the secured endpoint" whenever the server offers one
        boolean secured = options.securityPolicies().stream().anyMatch(p -> p != SecurityPolicy.None);
        var namespace = new SimNamespace(server, plant, values, options.companionMachines(), secured);
        namespace.startup();
        try {
            server.startup().get();
        } catch (ExecutionException | InterruptedException e) {
            namespace.shutdown();
            server.shutdown();
            throw e;
        }
        return new SimulatorServer(server, namespace);
    }

    private static IdentityValidator identityValidator(SimulatorOptions options) {
        if (options.users().isEmpty()) return AnonymousIdentityValidator.INSTANCE;
        Map<String, String> users = options.users();
        FailedLoginDelay delay = new FailedLoginDelay();
        var usernames = new UsernameIdentityValidator(challenge -> {
            String expected = users.get(challenge.getUsername());
            boolean ok = expected != null
                    && java.security.MessageDigest.isEqual(
                            expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            String.valueOf(challenge.getPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (ok) {
                delay.succeeded(challenge.getUsername());
            } else {
                try {
                    Thread.sleep(delay.failed(String.valueOf(challenge.getUsername()))
                            .toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ok;
        });
        return new CompositeValidator(AnonymousIdentityValidator.INSTANCE, usernames);
    }

    private static Set<EndpointConfig> endpoints(SimulatorOptions options, int port, ServerCertificates certificates) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(options.bindAddress())
                .setHostname(options.hostname())
                .setBindPort(port)
                .setPath(options.path())
                .setCertificate(certificates.certificate())
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        if (!options.users().isEmpty()) base.addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        for (SecurityPolicy policy : options.securityPolicies()) {
            MessageSecurityMode mode =
                    policy == SecurityPolicy.None ? MessageSecurityMode.None : MessageSecurityMode.SignAndEncrypt;
            endpoints.add(
                    base.copy().setSecurityPolicy(policy).setSecurityMode(mode).build());
            if (options.signOnly() && policy != SecurityPolicy.None) {
                endpoints.add(base.copy()
                        .setSecurityPolicy(policy)
                        .setSecurityMode(MessageSecurityMode.Sign)
                        .build());
            }
        }
        if (!options.securityPolicies().contains(SecurityPolicy.None)) {
            // OPC UA Part 6: with only secured endpoints, discovery needs an unsecured one at <path>/discovery
            endpoints.add(base.copy()
                    .setPath(options.path() + "/discovery")
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .build());
        }
        return endpoints;
    }

    /** The server trusts this client certificate from now on (as an operator moving it to pki/trusted would). */
    void trust(java.security.cert.X509Certificate certificate) {
        server.getConfig()
                .getCertificateManager()
                .getCertificateGroups()
                .forEach(g -> g.getTrustListManager().addTrustedCertificate(certificate));
    }

    void publish(String signalId, DataValue value) {
        namespace.publish(signalId, value);
    }

    int sessionCount() {
        return server.getSessionManager().getCurrentSessionCount().intValue();
    }

    void stop() {
        namespace.shutdown();
        // unbinding closes every client connection, so clients notice at once and start reconnecting
        server.shutdown().join();
    }

    /** A free TCP port on the address, for a server that keeps its port across restarts. */
    static int freePort(String bindAddress) {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port on " + bindAddress, e);
        }
    }
}
