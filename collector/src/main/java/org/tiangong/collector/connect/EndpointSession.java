package org.tiangong.collector.connect;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.connect.MappingTemplate.PathElement;
import org.tiangong.collector.opcua.ClientFactory;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.opcua.ConnectionTester;

/**
 * One short OPC UA session for what a vendor does while connecting a machine: browse one level, propose a mapping
 * (automap), find the nodes below a root for a template, resolve a template's browse paths. Node ids go in and come
 * out as text ({@code nsu=…;s=…}), results are records: callers never see a Milo type. Blocking: call from a worker.
 * <p>
 * Failures: {@link EndpointUnavailable} when the server cannot be reached or refuses (said as
 * {@link ConnectionTester} says it), {@link BadNodeId} when a node id given is the caller's mistake.
 */
public final class EndpointSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EndpointSession.class);
    /** How deep and how many nodes a walk below a root goes (automap, templates). */
    private static final int WALK_DEPTH = 8;

    private static final int AUTOMAP_NODES = 3000;
    private static final int TEMPLATE_NODES = 5000;

    /** What automap proposes, with the root as the server spells it and how many nodes were looked at. */
    public record Automap(String root, AutoMapper.Result result, int nodesExamined) {}

    private final String name;
    private final String url;
    private final ClientSecurity security;
    private final OpcUaClient client;
    private final AddressSpace space;

    private EndpointSession(String name, String url, ClientSecurity security, OpcUaClient client, AddressSpace space) {
        this.name = name;
        this.url = url;
        this.security = security;
        this.client = client;
        this.space = space;
    }

    /** Connects as the collector would. */
    public static EndpointSession open(String name, String url, ClientSecurity security) {
        OpcUaClient client = null;
        try {
            client = ClientFactory.create(name, url, security);
            client.connect();
            return new EndpointSession(name, url, security, client, new AddressSpace(client));
        } catch (UaException e) {
            disconnect(name, client);
            throw unavailable(name, url, security, e);
        }
    }

    /** The children of {@code node} (null or blank: the Objects folder), as a tree view shows them. */
    public List<AddressSpace.Node> browse(String node) {
        NodeId parent = parse(node);
        return call(() -> space.children(parent));
    }

    /** Proposes a mapping for the machine below {@code node} (null or blank: the Objects folder). */
    public Automap automap(String node) {
        NodeId root = parse(node);
        return call(() -> {
            List<AddressSpace.Walked> walked = space.walk(root, WALK_DEPTH, AUTOMAP_NODES);
            Map<String, String> ident = new LinkedHashMap<>();
            for (var en : AutoMapper.identificationNodes(walked).entrySet()) {
                ident.put(
                        en.getKey(),
                        String.valueOf(space.readValue(space.parse(en.getValue().nodeId()))));
            }
            AutoMapper.Result r = AutoMapper.propose(walked, ident, space.engineeringUnits(walked));
            return new Automap(space.text(root), r, walked.size());
        });
    }

    /** The browse path from {@code root} of every node below it, by canonical node id (a bounded walk). */
    public Map<String, List<PathElement>> pathsBelow(String root) {
        NodeId r = parse(root);
        return call(() -> {
            Map<String, List<PathElement>> paths = new HashMap<>();
            for (AddressSpace.Walked w : space.walk(r, WALK_DEPTH, TEMPLATE_NODES)) paths.put(w.nodeId(), w.path());
            return paths;
        });
    }

    /** {@code nodeId} as this server's node ids are compared: the namespace-URI form ({@code nsu=…;…}). */
    public String canonical(String nodeId) {
        return space.text(parse(nodeId));
    }

    /** The node at {@code path} below {@code root}, as canonical text; empty when a step is not there. */
    public Optional<String> resolve(String root, List<PathElement> path) {
        NodeId r = parse(root);
        return call(() -> space.resolve(r, path).map(space::text));
    }

    private NodeId parse(String node) {
        try {
            return space.parse(node);
        } catch (IllegalArgumentException e) {
            throw new BadNodeId(e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws UaException;
    }

    private <T> T call(Call<T> work) {
        try {
            return work.run();
        } catch (UaException e) {
            throw unavailable(name, url, security, e);
        }
    }

    /** Says why: a fresh connection test tells a lost connection from a server that refused this one request. */
    private static EndpointUnavailable unavailable(String name, String url, ClientSecurity security, UaException e) {
        ConnectionTester.Report r = ConnectionTester.test(name, url, security);
        return r.ok()
                ? new EndpointUnavailable("the server refused the request: " + e.getStatusCode(), true, e)
                : new EndpointUnavailable(r.message(), false, e);
    }

    @Override
    public void close() {
        disconnect(name, client);
    }

    private static void disconnect(String name, OpcUaClient client) {
        if (client == null) return;
        try {
            client.disconnectAsync().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort
            log.debug("endpoint {}: disconnect: {}", name, e.toString());
        }
    }
}
