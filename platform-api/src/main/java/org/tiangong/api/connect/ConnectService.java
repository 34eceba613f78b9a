package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import org.tiangong.collector.connect.BadNodeId;
import org.tiangong.collector.connect.EndpointSecurity;
import org.tiangong.collector.connect.EndpointSession;
import org.tiangong.collector.connect.EndpointUnavailable;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.opcua.ConnectionTester;

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
    private final SecretBox secrets;
    private final ConnectGuards guards;
    private final TrustLists trust;

    /** @param secrets the key that seals endpoint passwords (resolved by the launcher) */
    ConnectService(
            ConnectStore store,
            TenantScope scope,
            AccessPolicy access,
            SecretBox secrets,
            ConnectGuards guards,
            TrustLists trust) {
        this.store = store;
        this.scope = scope;
        this.access = access;
        this.secrets = secrets;
        this.guards = guards;
        this.trust = trust;
    }

    /** The platform's certificate (its trust lists are per enterprise: {@link TrustLists}). */
    ClientPki pki() {
        return trust.root();
    }

    // ---- endpoints ------------------------------------------------------------------------------------------

    private boolean canSee(Principal p, OpcEndpoint e) throws SQLException {
        return switch (p.role()) {
            case ADMIN, BUREAU -> true;
            case PLANT_MANAGER -> e.enterpriseId().equals(p.enterpriseId());
            case VENDOR ->
                p.vendorId().equals(e.vendorId())
                        && scope.vendorHasMachineIn(p.vendorId(), "enterprise", e.enterpriseId());
        };
    }

    /** 404 when invisible; 403 when visible but the role may not change or use it (the bureau). */
    OpcEndpoint endpointFor(Principal p, UUID id, boolean change) throws SQLException {
        OpcEndpoint e = store.endpoint(id)
                .filter(x -> {
                    try {
                        return canSee(p, x);
                    } catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .orElseThrow(() -> ApiException.notFound("no such endpoint"));
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
        for (OpcEndpoint e : all) if (canSee(p, e)) out.add(ConnectJson.endpoint(e));
        return out;
    }

    JsonObject create(Principal p, EndpointRequest r) throws SQLException {
        access.requireEnterprise(p, r.enterpriseId());
        access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER, Role.VENDOR);
        TrustLists.requireUntrustedAllowed(p, r.allowUntrusted(), guards.devAllowUntrusted());
        guards.targets().require(r.enterpriseId(), r.url());
        UUID id = ConnectStore.newEndpointId();
        byte[] sealed = r.password() == null ? null : secrets.seal(r.password(), id.toString());
        UUID vendor = p.is(Role.VENDOR) ? p.vendorId() : null;
        try {
            return ConnectJson.endpoint(store.createEndpoint(
                    new OpcEndpoint(
                            id,
                            r.enterpriseId(),
                            vendor,
                            r.name(),
                            r.url(),
                            r.policy(),
                            r.mode(),
                            r.authType(),
                            r.username(),
                            sealed,
                            r.allowUntrusted(),
                            null,
                            null),
                    p.userId()));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ApiException(409, "conflict", "this enterprise already has an endpoint named " + r.name());
            }
            throw e;
        }
    }

    /** Refuses (403 {@code target_not_allowed}) a URL whose host is not on the enterprise's allow-list. */
    void requireTarget(UUID enterpriseId, String url) throws SQLException {
        guards.targets().require(enterpriseId, url);
    }

    boolean delete(Principal p, UUID id) throws SQLException {
        endpointFor(p, id, true);
        return store.deleteEndpoint(id);
    }

    private ClientSecurity security(OpcEndpoint e) {
        try {
            // the enterprise's own trust list; allowUntrusted only counts on a server started with the development flag
            return EndpointSecurity.of(
                    e, secrets, () -> trust.of(e.enterpriseId()), e.allowUntrusted() && guards.devAllowUntrusted());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot open the trust list of enterprise " + e.enterpriseId(), ex);
        }
    }

    JsonObject test(Principal p, UUID id) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        ConnectionTester.Report r;
        try (var permit = guards.enter(e)) {
            r = ConnectionTester.test(e.name(), e.url(), security(e));
        }
        log.info(
                "endpoint {} ({}): connection test: {}",
                e.name(),
                e.id(),
                r.outcome().key());
        return new JsonObject()
                .put("ok", r.ok())
                .put("outcome", r.outcome().key())
                .put("message", TrustAdvice.message(p, r))
                .put("thumbprint", r.thumbprint())
                .put("offered", new JsonArray(r.offered()))
                .put("server", r.serverName());
    }

    /** Runs {@code work} in a session on the endpoint; a failure to connect is said as the connection test says it. */
    private <T> T withSession(OpcEndpoint e, SessionWork<T> work) throws SQLException {
        try (var permit = guards.enter(e);
                EndpointSession session = EndpointSession.open(e.name(), e.url(), security(e))) {
            return work.run(session);
        } catch (EndpointUnavailable ex) {
            throw new ApiException(502, "endpoint_unavailable", ex.getMessage());
        } catch (BadNodeId ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
    }

    @FunctionalInterface
    private interface SessionWork<T> {
        T run(EndpointSession session);
    }

    JsonArray browse(Principal p, UUID id, String node) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        return withSession(e, session -> ConnectJson.nodes(session.browse(node)));
    }

    JsonObject automap(Principal p, UUID id, String node) throws SQLException {
        OpcEndpoint e = endpointFor(p, id, true);
        return withSession(e, session -> ConnectJson.automap(e.id(), session.automap(node)));
    }

    // ---- mappings -------------------------------------------------------------------------------------------

    private ConnectStore.MachineFacts machineFor(Principal p, UUID machineId, boolean change) throws SQLException {
        access.requireMachine(p, machineId);
        if (change) access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER, Role.VENDOR);
        return store.machine(machineId).orElseThrow(() -> ApiException.notFound("no such machine"));
    }

    JsonObject mapping(Principal p, UUID machineId) throws SQLException {
        machineFor(p, machineId, false);
        return ConnectJson.mapping(machineId, store.mapping(machineId));
    }

    JsonObject saveMapping(Principal p, UUID machineId, List<MappingEntry> given) throws SQLException {
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        List<MappingEntry> entries = new ArrayList<>();
        for (MappingEntry m : given) entries.add(converted(m));
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
                throw new ApiException(
                        409, "conflict", "a node of this mapping already feeds another machine or signal");
            }
            throw e;
        }
        return ConnectJson.mapping(machineId, store.mapping(machineId));
    }

    /** The entry with its unit's conversion as scale and offset; a unit that cannot be converted is a 400. */
    private static MappingEntry converted(MappingEntry m) {
        var signal = org.tiangong.analytics.model.CanonicalSignal.fromKey(m.signal())
                .orElseThrow(() -> ApiException.badRequest("not a canonical signal: " + m.signal()));
        try {
            var c = org.tiangong.collector.connect.UnitConversions.forMapping(
                    m.unit(), signal.unit(), m.scale(), m.offset());
            return new MappingEntry(
                    m.signal(),
                    m.endpointId(),
                    m.nodeId(),
                    m.samplingIntervalMillis(),
                    m.deadband(),
                    c.scale(),
                    c.offset(),
                    m.unit(),
                    m.valueMap());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(m.signal() + ": " + e.getMessage());
        }
    }

    // ---- templates ------------------------------------------------------------------------------------------

    JsonObject saveTemplate(Principal p, UUID machineId, UUID endpointId, String rootNode, String name)
            throws SQLException {
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        if (machine.model() == null || machine.model().isBlank()) {
            throw ApiException.badRequest("the machine has no model: a template is saved per machine model");
        }
        List<MappingEntry> mapping = store.mapping(machineId).stream()
                .filter(m -> m.endpointId().equals(endpointId))
                .toList();
        if (mapping.isEmpty()) throw ApiException.badRequest("the machine has no mapping on this endpoint");
        OpcEndpoint e = endpointFor(p, endpointId, true);
        List<MappingTemplate.Entry> entries = withSession(e, session -> {
            var paths = session.pathsBelow(rootNode);
            List<MappingTemplate.Entry> out = new ArrayList<>();
            for (MappingEntry m : mapping) {
                List<MappingTemplate.PathElement> path = paths.get(session.canonical(m.nodeId()));
                if (path == null)
                    throw ApiException.badRequest(
                            "node " + m.nodeId() + " (" + m.signal() + ") is not below the root node " + rootNode);
                out.add(new MappingTemplate.Entry(
                        m.signal(),
                        path,
                        m.samplingIntervalMillis(),
                        m.deadband(),
                        m.scale(),
                        m.offset(),
                        m.unit(),
                        m.valueMap()));
            }
            return out;
        });
        UUID vendor = p.is(Role.VENDOR) ? p.vendorId() : null;
        UUID enterprise = vendor == null ? machine.enterpriseId() : null;
        return ConnectJson.template(store.saveTemplate(
                new MappingTemplate(null, enterprise, vendor, machine.model(), name, entries, null), p.userId()));
    }

    JsonArray templates(Principal p) throws SQLException {
        List<MappingTemplate> all = switch (p.role()) {
            case ADMIN, BUREAU -> store.templates(null, null);
            case PLANT_MANAGER -> store.templates(p.enterpriseId(), null);
            case VENDOR -> store.templates(null, p.vendorId());
        };
        JsonArray out = new JsonArray();
        all.forEach(t -> out.add(ConnectJson.template(t)));
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

    JsonObject applyTemplate(Principal p, UUID templateId, UUID machineId, UUID endpointId, String rootNode)
            throws SQLException {
        MappingTemplate t = templateFor(p, templateId);
        ConnectStore.MachineFacts machine = machineFor(p, machineId, true);
        if (!t.model().equals(machine.model())) {
            throw ApiException.badRequest(
                    "the template is for model " + t.model() + ", the machine is a " + machine.model());
        }
        OpcEndpoint e = endpointFor(p, endpointId, true);
        List<MappingEntry> entries = withSession(e, session -> {
            List<MappingEntry> out = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (MappingTemplate.Entry en : t.entries()) {
                var node = session.resolve(rootNode, en.path());
                if (node.isEmpty()) {
                    missing.add(en.signal() + " (" + ConnectJson.pathText(en.path()) + ")");
                    continue;
                }
                out.add(new MappingEntry(
                        en.signal(),
                        endpointId,
                        node.get(),
                        en.samplingIntervalMillis(),
                        en.deadband(),
                        en.scale(),
                        en.offset(),
                        en.unit(),
                        en.valueMap()));
            }
            if (!missing.isEmpty())
                throw ApiException.badRequest("not found below " + rootNode + ": " + String.join(", ", missing));
            return out;
        });
        return saveMapping(p, machineId, entries);
    }
}
