package org.tiangong.collector.sim;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * Where and how the simulator's OPC UA server listens.
 *
 * @param bindAddress       the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param hostname          the host name put into endpoint URLs; clients connect to what the server advertises
 * @param port              the TCP port; 0 picks a free one when the simulator starts and keeps it across restarts
 * @param path              the endpoint path, e.g. {@code /tiangong}
 * @param certificateDir    where the server keeps its application certificate and its PKI folders
 *                          ({@code pki/trusted}, {@code pki/rejected}); created when missing
 * @param publishedCapacity how many published values {@link PublishedRecord} keeps
 * @param securityPolicies  the endpoints to offer: {@code None} (anonymous, no security) and/or e.g.
 *                          {@code Basic256Sha256}, offered with SignAndEncrypt (and with Sign when {@code signOnly})
 * @param users             user name → password accepted on every endpoint besides anonymous; empty: anonymous only
 * @param companionMachines machines ({@code <line>/<machine>}) also exposed as OPC 40001-1 Machinery / OPC 40501-1
 *                          Machine Tools machines under {@code Objects/Machines} (see {@link SimNamespace})
 * @param signOnly          also offer each secured policy with mode Sign
 */
public record SimulatorOptions(
        String bindAddress,
        String hostname,
        int port,
        String path,
        Path certificateDir,
        int publishedCapacity,
        Set<SecurityPolicy> securityPolicies,
        Map<String, String> users,
        Set<String> companionMachines,
        boolean signOnly) {

    public static final int DEFAULT_PORT = 4840;
    public static final String DEFAULT_PATH = "/tiangong";

    public SimulatorOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(certificateDir, "certificateDir");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        if (publishedCapacity < 1) throw new IllegalArgumentException("publishedCapacity must be positive");
        if (securityPolicies.isEmpty()) throw new IllegalArgumentException("offer at least one security policy");
        securityPolicies = Collections.unmodifiableSet(new LinkedHashSet<>(securityPolicies));
        users = Map.copyOf(users);
        companionMachines = Set.copyOf(companionMachines);
    }

    public SimulatorOptions(
            String bindAddress,
            String hostname,
            int port,
            String path,
            Path certificateDir,
            int publishedCapacity,
            Set<SecurityPolicy> securityPolicies) {
        this(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                Map.of(),
                Set.of(),
                false);
    }

    /** Accept this user (besides anonymous) on every endpoint. */
    public SimulatorOptions withUser(String username, String password) {
        Map<String, String> u = new java.util.HashMap<>(users);
        u.put(username, password);
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                u,
                companionMachines,
                signOnly);
    }

    /** Also expose these machines ({@code <line>/<machine>}) with the Machinery / Machine Tools structure. */
    public SimulatorOptions withCompanionMachines(String... lineSlashMachine) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                new LinkedHashSet<>(List.of(lineSlashMachine)),
                signOnly);
    }

    /** Also offer every secured policy with mode Sign. */
    public SimulatorOptions withSignOnly(boolean sign) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                sign);
    }

    /** All interfaces, port 4840 (the IANA port of OPC UA), path /tiangong, no security, certificate under tmp. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(
                "0.0.0.0",
                "localhost",
                DEFAULT_PORT,
                DEFAULT_PATH,
                Path.of(System.getProperty("java.io.tmpdir"), "tiangong-sim", "security"),
                100_000,
                Set.of(SecurityPolicy.None));
    }

    /** Loopback only on a free port: what tests want. */
    public static SimulatorOptions forTests(Path certificateDir) {
        return defaults().withBind("127.0.0.1", "localhost").withPort(0).withCertificateDir(certificateDir);
    }

    public SimulatorOptions withBind(String bindAddress, String hostname) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                signOnly);
    }

    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                signOnly);
    }

    public SimulatorOptions withPath(String path) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                signOnly);
    }

    public SimulatorOptions withCertificateDir(Path certificateDir) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                signOnly);
    }

    public SimulatorOptions withPublishedCapacity(int publishedCapacity) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                securityPolicies,
                users,
                companionMachines,
                signOnly);
    }

    public SimulatorOptions withSecurityPolicies(SecurityPolicy... policies) {
        return new SimulatorOptions(
                bindAddress,
                hostname,
                port,
                path,
                certificateDir,
                publishedCapacity,
                new LinkedHashSet<>(List.of(policies)),
                users,
                companionMachines,
                signOnly);
    }

    /** {@link #withSecurityPolicies} by name ({@code "None"}, {@code "Basic256Sha256"}): for callers without Milo types. */
    public SimulatorOptions withSecurityPolicyNames(String... names) {
        return withSecurityPolicies(
                java.util.Arrays.stream(names).map(SecurityPolicy::valueOf).toArray(SecurityPolicy[]::new));
    }
}
