package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.connect.MappingTemplate;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.collector.connect.AddressSpace;
import org.tiangong.collector.connect.AutoMapper;
import org.tiangong.collector.opcua.ClientFactory;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.opcua.ConnectionTester;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the connect routes do: endpoints with encrypted passwords, the connection test, browse, automap, mappings,
 * templates, and the PKI. Who may see and change what is asked of {@link AccessPolicy} and decided here for
 * endpoints (an endpoint belongs to an enterprise, and to the vendor organisation that created it). Blocking (JDBC
 * and OPC UA): call from a worker.
 */
final class ConnectService {

    private static final Logger log = LoggerFactory.getLogger(ConnectService.class);

    private final ConnectStore store;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Path dataDir;
    private final ConnectGuards guards;
    private final TrustLists trust;
    private SecretBox secrets;

    ConnectService(ConnectStore store, TenantScope scope, AccessPolicy access, Path dataDir, ConnectGuards guards, TrustLists trust) {
        this.store = store;
        this.scope = scope;
        this.access = access;
        this.dataDir = dataDir;
        this.guards = guards;
        this.trust = trust;
    }

    /** The platform's certificate (its trust lists are per enterprise: {@link TrustLists}). */
    ClientPki pki() {
        return trust.root();
    }

    private synchronized SecretBox secrets() {
        if (secrets == null) {
            try {
                secrets = SecretBox.load(System.getenv(), dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret key in " + dataDir, e);
            }
        }
        return secrets;
    }

    // ---- endpoints ------------------------------------------------------------------------------------------

    private boolean canSee(Principal p, OpcEndpoint e) throws SQLException {
        return switch (p.role()) {
            case ADMIN, BUREAU -> true;
            case PLANT_MANAGER -> e.enterpriseId().equals(p.enterpriseId());
            case VENDOR -> p.vendorId().equals(e.vendorId())
                    && scope.vendorHasMachineIn(p.vendorId(), "enterprise", e.enterpriseId());
        };
    }

    /** 404 when invisible; 403 when visible but the role may not change or use it (the bureau). */
    OpcEndpoint endpointFor(Principal p, UUID id, boolean change) throws SQLException {
        OpcEndpoint e = store.endpoint(id).filter(x -> {
            try {
                return canSee(p, x);
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }).orElseThrow(() -> ApiException.notFound("no such endpoint"));
        if (change) access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER, Role.VENDOR);
        return e;
    }

    JsonArray endpoints(Principal p) throws SQLException {
        List<OpcEndpoint> all = switch (p.role()) {
            case ADMIN, BUREAU -> store.endpoints(null, null);
            case PLANT_MANAGER -> store.endpoints(p.enterpriseId(), null);
            case VENDOR -> store.endpoints(null, p.vendorId());
        };
        JsonArray out = new JsonArray();
        for (OpcEndpoint e : all) if (canSee(p, e)) out.add(json(e));
        return out;
    }

    JsonObject create(Principal p, EndpointRequest r) throws SQLException {
        access.requireEnterprise(p, r.enterpriseId());
        access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER, Role.VENDOR);
        TrustLists.requireUntrustedAllowed(p, r.allowUntrusted(), guards.devAllowUntrusted());
        guards.targets().require(r.enterpriseId(), r.url());
        UUID id = ConnectStore.newEndpointId();
        byte[] sealed = r.password() == null ? null : secrets().seal(r.password(), id.toString());
        UUID vendor = p.is(Role.VENDOR) ? p.vendorId() : null;
        try {
            return json(store.createEndpoint(new OpcEndpoint(id, r.enterpriseId(), vendor, r.name(), r.url(), r.policy(),
                    r.mode(), r.authType(), r.username(), sealed, r.allowUntrusted(), null, null), p.userId()));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ApiException(409, "conflict", "this enterprise already has an endpoint named " + r.name());
            }
            throw e;
        }
    }

    boolean delete(Principal p, UUID id) throws SQLException {
        endpointFor(p, id, true);
        return store.deleteEndpoint(id);
    }

    static JsonObject json(OpcEndpoint e) {
        JsonObject auth = new JsonObject().put("type", e.authType());
        if (e.username() != null) auth.put("username", e.username()).put("passwordSet", e.hasPassword());
        return new JsonObject().put("id", e.id().toString()).put("enterpriseId", e.enterpriseId().toString())
                .put("vendorId", e.vendorId() == null ? null : e.vendorId().toString())
                .put("name", e.name()).put("url", e.url()).put("securityPolicy", e.securityPolicy())
                .put("securityMode", e.securityMode()).put("auth", auth).put("allowUntrusted", e.allowUntrusted())
                .put("createdAt", e.createdAt().toString()).put("updatedAt", e.updatedAt().toString());
    }

    private ClientSecurity security(OpcEndpoint e) {
        ClientSecurity.Identity identity = switch (e.authType()) {
            case "username" -> new ClientSecurity.UserName(e.username(), secrets().open(e.passwordSealed(), e.id().toString()));
            case "x509" -> new ClientSecurity.X509();
            default -> ClientSecurity.Identity.ANONYMOUS;
        };
        SecurityPolicy policy = SecurityPolicy.valueOf(e.securityPolicy());
        boolean needsPki = policy != SecurityPolicy.None || identity instanceof ClientSecurity.X509;
        return new ClientSecurity(policy, MessageSecurityMode.valueOf(e.securityMode()), identity, // the enterprise's own trust list
                needsPki ? trust.of(e.enterpriseId()) : null, e.allowUntrusted() && guards.devAllowUntrusted());
    }

    JsonObject test(Principal p, UUID id) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        ConnectionTester.Report r;
        try (var permit = guards.enter(e)) {
            r = ConnectionTester.test(e.name(), e.url(), security(e));
        }
        log.info("endpoint {} ({}): connection test: {}", e.name(), e.id(), r.outcome().key());
        return new JsonObject().put("ok", r.ok()).put("outcome", r.outcome().key()).put("message", TrustAdvice.message(p, r))
                .put("thumbprint", r.thumbprint()).put("offered", new JsonArray(r.offered())).put("server", r.serverName());
    }

    /** Runs {@code work} on a connected client, with failures to connect said as the connection test says them. */
    private <T> T withClient(OpcEndpoint e, ClientWork<T> work) throws SQLException {
        OpcUaClient client = null;
        try (var permit = guards.enter(e)) {
            client = ClientFactory.create(e.name(), e.url(), security(e));
            client.connect();
            return work.run(new AddressSpace(client));
        } catch (UaException ex) {
            ConnectionTester.Report r = ConnectionTester.test(e.name(), e.url(), security(e));
            throw new ApiException(502, "endpoint_unavailable", r.ok() ? "the server refused the request: " + ex.getStatusCode() : r.message());
        } finally {
            if (client != null) {
                try {
                    client.disconnectAsync().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // closing is best effort
                }
            }
        }
    }

    @FunctionalInterface
    private interface ClientWork<T> {
        T run(AddressSpace space) throws UaException;
    }

    JsonArray browse(Principal p, UUID id, String node) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        return withClient(e, space -> {
            NodeId parent = parseNode(space, node);
            JsonArray out = new JsonArray();
            for (AddressSpace.Node n : space.children(parent)) {
                out.add(new JsonObject().put("nodeId", n.nodeId()).put("nodeClass", n.nodeClass()).put("browseName", n.browseName())
                        .put("namespaceUri", n.namespaceUri()).put("displayName", n.displayName()).put("dataType", n.dataType())
                        .put("accessLevel", n.access() == null ? null : new JsonArray(n.access())).put("value", n.value())
                        .put("status", n.status()));
            }
            return out;
        });
    }

    private static NodeId parseNode(AddressSpace space, String node) {
        try {
            return space.parse(node);
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }

    JsonObject automap(Principal p, UUID id, String node) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        return withClient(e, space -> {
            NodeId root = parseNode(space, node);
            List<AddressSpace.Walked> walked = space.walk(root, 8, 3000);
            Map<String, String> ident = new java.util.LinkedHashMap<>();
            for (var en : AutoMapper.identificationNodes(walked).entrySet()) {
                ident.put(en.getKey(), String.valueOf(space.readValue(space.parse(en.getValue().nodeId()))));
            }
            AutoMapper.Result r = AutoMapper.propose(walked, ident, space.engineeringUnits(walked));
            JsonArray proposals = new JsonArray();
            for (AutoMapper.Proposal pr : r.proposals()) {
                proposals.add(new JsonObject().put("signal", pr.signal()).put("nodeId", pr.nodeId())
                        .put("path", pathText(pr.path())).put("rule", pr.rule()).put("reason", pr.reason())
                        .put("valueMap", valueMapJson(pr.valueMap())).put("scale", pr.scale()).put("offset", pr.offset())
                        .put("unit", pr.unit()));
            }
            return new JsonObject().put("endpointId", e.id().toString()).put("root", space.text(root))
                    .put("companionSpecs", new JsonArray(r.companionSpecs())).put("identification", new JsonObject(new HashMap<>(r.identification())))
                    .put("proposals", proposals).put("notes", new JsonArray(r.notes())).put("nodesExamined", walked.size());
        });
    }

    static String pathText(List<MappingTemplate.PathElement> path) {
        StringBuilder sb = new StringBuilder();
        for (var el : path) sb.append(sb.length() == 0 ? "" : "/").append(el.name());
        return sb.toString();
    }

    static JsonObject valueMapJson(Map<Long, Double> map) {
        JsonObject o = new JsonObject();
        new java.util.TreeMap<>(map).forEach((k, v) -> o.put(Long.toString(k), v));
        return o;
    }

    // ---- mappings -------------------------------------------------------------------------------------------

    private ConnectStore.MachineFacts machineFor(Principal p, UUID machineId, boolean change) throws SQLException {
        access.requireMachine(p, machineId);
        if (change) access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER, Role.VENDOR);
        return store.machine(machineId).orElseThrow(() -> ApiException.notFound("no such machine"));
    }

    JsonObject mapping(Principal p, UUID machineId) throws SQLException {
        machineFor(p, machineId, false);
        return mappingJson(machineId, store.mapping(machineId));
    }

    static JsonObject mappingJson(UUID machineId, List<MappingEntry> entries) {
        JsonArray out = new JsonArray();
        for (MappingEntry m : entries) {
            out.add(new JsonObject().put("signal", m.signal()).put("endpointId", m.endpointId().toString()).put("nodeId", m.nodeId())
                    .put("samplingIntervalMillis", m.samplingIntervalMillis()).put("deadband", m.deadband())
                    .put("scale", m.scale()).put("offset", m.offset()).put("unit", m.unit()).put("valueMap", valueMapJson(m.valueMap())));
        }
        return new JsonObject().put("machineId", machineId.toString()).put("entries", out);
    }

    JsonObject saveMapping(Principal p, UUID machineId, List<MappingEntry> entries) throws SQLException {
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        for (MappingEntry m : entries) {
            OpcEndpoint e = endpointFor(p, m.endpointId(), true);
            if (!e.enterpriseId().equals(machine.enterpriseId())) {
                throw ApiException.badRequest("endpoint " + e.id() + " belongs to another enterprise than the machine");
            }
        }
        try {
            store.replaceMapping(machineId, entries);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ApiException(409, "conflict", "a node of this mapping already feeds another machine or signal");
            }
            throw e;
        }
        return mappingJson(machineId, store.mapping(machineId));
    }

    // ---- templates ------------------------------------------------------------------------------------------

    JsonObject saveTemplate(Principal p, UUID machineId, UUID endpointId, String rootNode, String name) throws SQLException {
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        if (machine.model() == null || machine.model().isBlank()) {
            throw ApiException.badRequest("the machine has no model: a template is saved per machine model");
        }
        List<MappingEntry> mapping = store.mapping(machineId).stream().filter(m -> m.endpointId().equals(endpointId)).toList();
        if (mapping.isEmpty()) throw ApiException.badRequest("the machine has no mapping on this endpoint");
        OpcEndpoint e = endpointFor(p, endpointId, true);
        List<MappingTemplate.Entry> entries = withClient(e, space -> {
            NodeId root = parseNode(space, rootNode);
            Map<String, List<MappingTemplate.PathElement>> paths = new HashMap<>();
            for (AddressSpace.Walked w : space.walk(root, 8, 5000)) paths.put(w.nodeId(), w.path());
            List<MappingTemplate.Entry> out = new ArrayList<>();
            for (MappingEntry m : mapping) {
                String nodeText = space.text(parseNode(space, m.nodeId()));
                List<MappingTemplate.PathElement> path = paths.get(nodeText);
                if (path == null) throw ApiException.badRequest("node " + m.nodeId() + " (" + m.signal() + ") is not below the root node " + rootNode);
                out.add(new MappingTemplate.Entry(m.signal(), path, m.samplingIntervalMillis(), m.deadband(), m.scale(),
                        m.offset(), m.unit(), m.valueMap()));
            }
            return out;
        });
        UUID vendor = p.is(Role.VENDOR) ? p.vendorId() : null;
        UUID enterprise = vendor == null ? machine.enterpriseId() : null;
        return templateJson(store.saveTemplate(new MappingTemplate(null, enterprise, vendor, machine.model(), name, entries, null), p.userId()));
    }

    JsonArray templates(Principal p) throws SQLException {
        List<MappingTemplate> all = switch (p.role()) {
            case ADMIN, BUREAU -> store.templates(null, null);
            case PLANT_MANAGER -> store.templates(p.enterpriseId(), null);
            case VENDOR -> store.templates(null, p.vendorId());
        };
        JsonArray out = new JsonArray();
        all.forEach(t -> out.add(templateJson(t)));
        return out;
    }

    private MappingTemplate templateFor(Principal p, UUID id) throws SQLException {
        MappingTemplate t = store.template(id).orElseThrow(() -> ApiException.notFound("no such template"));
        boolean visible = switch (p.role()) {
            case ADMIN, BUREAU -> true;
            case PLANT_MANAGER -> p.enterpriseId().equals(t.enterpriseId());
            case VENDOR -> p.vendorId().equals(t.vendorId());
        };
        if (!visible) throw ApiException.notFound("no such template");
        return t;
    }

    JsonObject applyTemplate(Principal p, UUID templateId, UUID machineId, UUID endpointId, String rootNode) throws SQLException {
        MappingTemplate t = templateFor(p, templateId);
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        if (!t.model().equals(machine.model())) {
            throw ApiException.badRequest("the template is for model " + t.model() + ", the machine is a " + machine.model());
        }
        OpcEndpoint e = endpointFor(p, endpointId, true);
        List<MappingEntry> entries = withClient(e, space -> {
            NodeId root = parseNode(space, rootNode);
            List<MappingEntry> out = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (MappingTemplate.Entry en : t.entries()) {
                Optional<NodeId> node = space.resolve(root, en.path());
                if (node.isEmpty()) {
                    missing.add(en.signal() + " (" + pathText(en.path()) + ")");
                    continue;
                }
                out.add(new MappingEntry(en.signal(), endpointId, space.text(node.get()), en.samplingIntervalMillis(),
                        en.deadband(), en.scale(), en.offset(), en.unit(), en.valueMap()));
            }
            if (!missing.isEmpty()) throw ApiException.badRequest("not found below " + rootNode + ": " + String.join(", ", missing));
            return out;
        });
        return saveMapping(p, machineId, entries);
    }

    static JsonObject templateJson(MappingTemplate t) {
        JsonArray entries = new JsonArray();
        for (MappingTemplate.Entry e : t.entries()) {
            JsonArray path = new JsonArray();
            e.path().forEach(el -> path.add(new JsonObject().put("namespaceUri", el.namespaceUri()).put("name", el.name())));
            entries.add(new JsonObject().put("signal", e.signal()).put("path", path).put("samplingIntervalMillis", e.samplingIntervalMillis())
                    .put("deadband", e.deadband()).put("scale", e.scale()).put("offset", e.offset()).put("unit", e.unit())
                    .put("valueMap", valueMapJson(e.valueMap())));
        }
        return new JsonObject().put("id", t.id().toString()).put("model", t.model()).put("name", t.name())
                .put("enterpriseId", t.enterpriseId() == null ? null : t.enterpriseId().toString())
                .put("vendorId", t.vendorId() == null ? null : t.vendorId().toString())
                .put("entries", entries).put("createdAt", t.createdAt().toString());
    }

    // ---- PKI ------------------------------------------------------------------------------------------------

    static JsonObject certificateJson(ClientPki.CertificateInfo c) {
        return new JsonObject().put("thumbprint", c.thumbprint()).put("subject", c.subject())
                .put("applicationUri", c.applicationUri()).put("notBefore", c.notBefore().toString()).put("notAfter", c.notAfter().toString());
    }
}
