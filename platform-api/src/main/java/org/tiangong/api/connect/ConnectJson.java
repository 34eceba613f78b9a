package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.connect.MappingTemplate;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.collector.connect.AddressSpace;
import org.tiangong.collector.connect.AutoMapper;
import org.tiangong.collector.connect.EndpointSession;
import org.tiangong.collector.opcua.ClientPki;

/** How the connect routes write their records as JSON (docs/api.md); never a password. */
public final class ConnectJson {

    private ConnectJson() {}

    static JsonObject endpoint(OpcEndpoint e) {
        JsonObject auth = new JsonObject().put("type", e.authType());
        if (e.username() != null) auth.put("username", e.username()).put("passwordSet", e.hasPassword());
        return new JsonObject()
                .put("id", e.id().toString())
                .put("enterpriseId", e.enterpriseId().toString())
                .put("vendorId", e.vendorId() == null ? null : e.vendorId().toString())
                .put("name", e.name())
                .put("url", e.url())
                .put("securityPolicy", e.securityPolicy())
                .put("securityMode", e.securityMode())
                .put("auth", auth)
                .put("allowUntrusted", e.allowUntrusted())
                .put("createdAt", e.createdAt().toString())
                .put("updatedAt", e.updatedAt().toString());
    }

    static JsonArray nodes(List<AddressSpace.Node> nodes) {
        JsonArray out = new JsonArray();
        for (AddressSpace.Node n : nodes) {
            out.add(new JsonObject()
                    .put("nodeId", n.nodeId())
                    .put("nodeClass", n.nodeClass())
                    .put("browseName", n.browseName())
                    .put("namespaceUri", n.namespaceUri())
                    .put("displayName", n.displayName())
                    .put("dataType", n.dataType())
                    .put("accessLevel", n.access() == null ? null : new JsonArray(n.access()))
                    .put("value", n.value())
                    .put("status", n.status()));
        }
        return out;
    }

    static JsonObject automap(UUID endpointId, EndpointSession.Automap a) {
        AutoMapper.Result r = a.result();
        JsonArray proposals = new JsonArray();
        for (AutoMapper.Proposal pr : r.proposals()) {
            proposals.add(new JsonObject()
                    .put("signal", pr.signal())
                    .put("nodeId", pr.nodeId())
                    .put("path", pathText(pr.path()))
                    .put("rule", pr.rule())
                    .put("reason", pr.reason())
                    .put("valueMap", valueMap(pr.valueMap()))
                    .put("scale", pr.scale())
                    .put("offset", pr.offset())
                    .put("unit", pr.unit()));
        }
        return new JsonObject()
                .put("endpointId", endpointId.toString())
                .put("root", a.root())
                .put("companionSpecs", new JsonArray(r.companionSpecs()))
                .put("identification", new JsonObject(new HashMap<>(r.identification())))
                .put("proposals", proposals)
                .put("notes", new JsonArray(r.notes()))
                .put("nodesExamined", a.nodesExamined());
    }

    static String pathText(List<MappingTemplate.PathElement> path) {
        StringBuilder sb = new StringBuilder();
        for (var el : path) sb.append(sb.length() == 0 ? "" : "/").append(el.name());
        return sb.toString();
    }

    /** One node → signal entry of a machine's mapping, as the mapping routes and the edge's config document show it. */
    public static JsonObject entry(MappingEntry m) {
        return new JsonObject()
                .put("signal", m.signal())
                .put("endpointId", m.endpointId().toString())
                .put("nodeId", m.nodeId())
                .put("samplingIntervalMillis", m.samplingIntervalMillis())
                .put("deadband", m.deadband())
                .put("scale", m.scale())
                .put("offset", m.offset())
                .put("unit", m.unit())
                .put("valueMap", valueMap(m.valueMap()));
    }

    static JsonObject valueMap(Map<Long, Double> map) {
        JsonObject o = new JsonObject();
        new TreeMap<>(map).forEach((k, v) -> o.put(Long.toString(k), v));
        return o;
    }

    static JsonObject mapping(UUID machineId, List<MappingEntry> entries) {
        JsonArray out = new JsonArray();
        for (MappingEntry m : entries) out.add(entry(m));
        return new JsonObject().put("machineId", machineId.toString()).put("entries", out);
    }

    static JsonObject template(MappingTemplate t) {
        JsonArray entries = new JsonArray();
        for (MappingTemplate.Entry e : t.entries()) {
            JsonArray path = new JsonArray();
            e.path()
                    .forEach(el -> path.add(new JsonObject()
                            .put("namespaceUri", el.namespaceUri())
                            .put("name", el.name())));
            entries.add(new JsonObject()
                    .put("signal", e.signal())
                    .put("path", path)
                    .put("samplingIntervalMillis", e.samplingIntervalMillis())
                    .put("deadband", e.deadband())
                    .put("scale", e.scale())
                    .put("offset", e.offset())
                    .put("unit", e.unit())
                    .put("valueMap", valueMap(e.valueMap())));
        }
        return new JsonObject()
                .put("id", t.id().toString())
                .put("model", t.model())
                .put("name", t.name())
                .put(
                        "enterpriseId",
                        t.enterpriseId() == null ? null : t.enterpriseId().toString())
                .put("vendorId", t.vendorId() == null ? null : t.vendorId().toString())
                .put("entries", entries)
                .put("createdAt", t.createdAt().toString());
    }

    static JsonObject certificate(ClientPki.CertificateInfo c) {
        return new JsonObject()
                .put("thumbprint", c.thumbprint())
                .put("subject", c.subject())
                .put("applicationUri", c.applicationUri())
                .put("notBefore", c.notBefore().toString())
                .put("notAfter", c.notAfter().toString());
    }
}
