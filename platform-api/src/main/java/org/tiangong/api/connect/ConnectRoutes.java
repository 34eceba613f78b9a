package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;
import org.tiangong.collector.connect.PlatformFiles;

/**
 * Vendors connect equipment: {@code /endpoints} (create, list, test, browse, automap), {@code /machines/{id}/mapping},
 * {@code /templates} and {@code /pki}. Everything that talks OPC UA or JDBC runs on the worker pool.
 */
public final class ConnectRoutes {

    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-fA-F]{40}");

    private final ConnectService service;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;
    /** OPC UA operations run here, not on the database pool: a slow server never delays queries. */
    private final Blocking opcUa;

    private final TrustLists trust;

    /**
     * @param opcUa             the pool for operations that talk OPC UA
     * @param opcUaLimit        how many of those one enterprise may run at once
     * @param devAllowUntrusted the server was started with the development flag: admins may set allowUntrusted
     * @param files             the data directory with the PKI, the secret key and the PKI password (from the launcher)
     */
    public record Options(
            Blocking opcUa,
            org.tiangong.api.http.KeyedLimit opcUaLimit,
            boolean devAllowUntrusted,
            PlatformFiles files) {}

    private final EndpointEditor editor;

    public ConnectRoutes(
            ConnectStore store,
            EndpointTargetStore targets,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            Options options) {
        this.trust = new TrustLists(store, scope, options.files());
        this.service = new ConnectService(
                store,
                scope,
                access,
                options.files().secrets(),
                new ConnectGuards(new EndpointTargets(targets), options.opcUaLimit(), options.devAllowUntrusted()),
                trust);
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
        this.opcUa = options.opcUa();
        this.editor = new EndpointEditor(service, store, options.files().secrets());
    }

    public void mount(Router api) {
        api.get("/endpoints").handler(this::endpoints);
        api.post("/endpoints").handler(this::createEndpoint);
        api.get("/endpoints/:id").handler(this::endpoint);
        api.delete("/endpoints/:id").handler(this::deleteEndpoint);
        api.patch("/endpoints/:id").handler(this::patchEndpoint);
        api.post("/endpoints/:id/test").handler(this::testEndpoint);
        api.get("/endpoints/:id/browse").handler(this::browse);
        api.post("/endpoints/:id/automap").handler(this::automap);

        api.get("/machines/:id/mapping").handler(this::mapping);
        api.put("/machines/:id/mapping").handler(this::saveMapping);

        api.get("/templates").handler(this::templates);
        api.post("/templates").handler(this::saveTemplate);
        api.post("/templates/:id/apply").handler(this::applyTemplate);

        api.get("/pki/certificate").handler(this::certificate);
        api.get("/pki/rejected").handler(this::rejectedCertificates);
        api.post("/pki/rejected/:thumbprint/trust").handler(this::trustCertificate);
    }

    private void endpoints(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> service.endpoints(p));
    }

    /** A new endpoint; allowing an untrusted server certificate is audited as an entry of its own. */
    private void createEndpoint(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        EndpointRequest r = EndpointRequest.parse(Bodies.object(ctx));
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> {
            JsonObject e = service.create(p, r);
            audit.record(
                    p,
                    remote,
                    "endpoint_created",
                    e.getString("id"),
                    new JsonObject()
                            .put("name", r.name())
                            .put("url", r.url())
                            .put("securityPolicy", r.policy())
                            .put("securityMode", r.mode())
                            .put("auth", r.authType())
                            .put("allowUntrusted", r.allowUntrusted()));
            if (r.allowUntrusted()) {
                audit.record(
                        p,
                        remote,
                        "endpoint_untrusted_allowed",
                        e.getString("id"),
                        new JsonObject().put("url", r.url()));
            }
            return e;
        });
    }

    private void endpoint(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> ConnectJson.endpoint(service.endpointFor(p, id, false)));
    }

    private void deleteEndpoint(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            boolean deleted = service.delete(p, id);
            audit.record(p, remote, "endpoint_deleted", id.toString(), null);
            return new JsonObject().put("deleted", deleted);
        });
    }

    /** Connects to the endpoint and reports what happened (on the OPC UA pool, like browse and automap). */
    private void testEndpoint(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        opcUa.respond(ctx, () -> service.test(p, id));
    }

    /** The children of {@code ?node=} (the Objects folder when absent). */
    private void browse(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        List<String> nodes = ctx.queryParam("node");
        String node = nodeParam(nodes.isEmpty() ? null : nodes.get(0));
        opcUa.respond(ctx, () -> service.browse(p, id, node));
    }

    /** Proposes a mapping from the server's companion-spec nodes below the body's optional {@code node}. */
    private void automap(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = optionalBody(ctx);
        String node = body == null ? null : Bodies.optionalString(body, "node", 1000);
        opcUa.respond(ctx, () -> service.automap(p, id, node));
    }

    private void mapping(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> service.mapping(p, id));
    }

    private void saveMapping(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        List<MappingEntry> entries = MappingEntries.parse(Bodies.object(ctx));
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            JsonObject saved = service.saveMapping(p, id, entries);
            audit.record(p, remote, "mapping_saved", id.toString(), new JsonObject().put("signals", entries.size()));
            return saved;
        });
    }

    private void templates(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> service.templates(p));
    }

    /** A template for the machine's model from a mapped machine's nodes below {@code rootNode}. */
    private void saveTemplate(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        JsonObject body = Bodies.object(ctx);
        UUID machine = Bodies.uuid(body, "machineId");
        UUID endpoint = Bodies.uuid(body, "endpointId");
        String root = Bodies.string(body, "rootNode", 1000);
        String name = Bodies.string(body, "name", 100).trim();
        String remote = Audit.remote(ctx);
        opcUa.respondCreated(ctx, () -> {
            JsonObject t = service.saveTemplate(p, machine, endpoint, root, name);
            audit.record(
                    p,
                    remote,
                    "template_saved",
                    t.getString("id"),
                    new JsonObject().put("model", t.getString("model")).put("name", name));
            return t;
        });
    }

    /** Maps a machine by a template, its paths resolved below {@code rootNode} on the machine's endpoint. */
    private void applyTemplate(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        UUID machine = Bodies.uuid(body, "machineId");
        UUID endpoint = Bodies.uuid(body, "endpointId");
        String root = Bodies.string(body, "rootNode", 1000);
        String remote = Audit.remote(ctx);
        opcUa.respond(ctx, () -> {
            JsonObject saved = service.applyTemplate(p, id, machine, endpoint, root);
            audit.record(
                    p,
                    remote,
                    "template_applied",
                    id.toString(),
                    new JsonObject().put("machineId", machine.toString()));
            return saved;
        });
    }

    /** The platform's client certificate, for a server's trust list. */
    private void certificate(RoutingContext ctx) {
        blocking.respond(ctx, () -> {
            var pki = service.pki();
            return ConnectJson.certificate(pki.certificateInfo()).put("pem", pki.certificatePem());
        });
    }

    /**
     * Rejected server certificates of the caller's enterprise (a plant manager), or of one enterprise
     * ({@code ?enterpriseId=}) or every enterprise (an admin); each says its enterprise.
     */
    private void rejectedCertificates(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID wanted = Params.optionalUuid(ctx, "enterpriseId");
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER);
            JsonArray out = new JsonArray();
            for (UUID enterprise : trust.scopes(p, wanted)) {
                trust.of(enterprise)
                        .rejected()
                        .forEach(c -> out.add(ConnectJson.certificate(c).put("enterpriseId", enterprise.toString())));
            }
            return out;
        });
    }

    /** Trusts a rejected certificate for one enterprise only: the plant manager's own, or the admin's {@code ?enterpriseId=}. */
    private void trustCertificate(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        String thumbprint = ctx.pathParam("thumbprint");
        if (thumbprint == null || !THUMBPRINT.matcher(thumbprint).matches()) {
            throw ApiException.badRequest("thumbprint must be 40 hexadecimal digits (SHA-1 of the certificate)");
        }
        UUID wanted = Params.optionalUuid(ctx, "enterpriseId");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.PLANT_MANAGER);
            if (p.is(Role.ADMIN) && wanted == null) {
                throw ApiException.badRequest("say for which enterprise: ?enterpriseId=… (trust is per enterprise)");
            }
            UUID enterprise = trust.scopes(p, wanted).get(0);
            var trusted = trust.of(enterprise)
                    .trust(thumbprint)
                    .orElseThrow(() -> ApiException.notFound("no rejected certificate with this thumbprint"));
            audit.record(
                    p,
                    remote,
                    "certificate_trusted",
                    trusted.thumbprint(),
                    new JsonObject().put("subject", trusted.subject()).put("enterpriseId", enterprise.toString()));
            return ConnectJson.certificate(trusted).put("trusted", true).put("enterpriseId", enterprise.toString());
        });
    }

    /** Edits an endpoint in place; its mappings stay and running collectors follow (h2-onboarding, issue 13). */
    private void patchEndpoint(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID id = Params.uuid(ctx, "id");
        EndpointPatch patch = EndpointPatch.parse(Bodies.object(ctx));
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            JsonObject[] beforeAfter = editor.apply(p, id, patch);
            audit.record(
                    p,
                    remote,
                    "endpoint_updated",
                    id.toString(),
                    new JsonObject()
                            .put("before", beforeAfter[0])
                            .put("after", beforeAfter[1])
                            .put("passwordChanged", patch.password() != null));
            return beforeAfter[1];
        });
    }

    private static JsonObject optionalBody(RoutingContext ctx) {
        String raw = ctx.body() == null ? null : ctx.body().asString();
        return raw == null || raw.isBlank() ? null : Bodies.object(ctx);
    }

    private static String nodeParam(String node) {
        if (node == null || node.isBlank()) return null;
        if (node.length() > 1000 || node.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw ApiException.badRequest(
                    "node must be an OPC UA node id of at most 1000 characters, e.g. nsu=urn:x;s=Line1");
        }
        return node;
    }
}
