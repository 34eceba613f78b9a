package org.tiangong.api.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.MappingTemplate;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.PlantMappings;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.api.connect.ConnectJson;

/**
 * The configuration one plant's edge collector pulls: the endpoints its machines' mappings use (URL, security,
 * user, subscription tuning), the mappings (node → machine path and signal, with sampling, deadband, scale, offset,
 * unit and value map), the enterprise's allow-list of endpoint targets, and the templates for the plant's models.
 * Its ETag is a SHA-256 of the document, so it changes exactly when anything in it does (allow-lists included, which
 * do not move the connect revision) and not when another plant's or enterprise's settings do; the platform's global
 * connect revision is deliberately not in it (it would move with every tenant's changes, and tell of them). Blocking
 * (JDBC).
 *
 * <p>Endpoint passwords are stored sealed with the platform's secret key, which never leaves the platform; the
 * document carries them in clear ({@code password}) only when {@code withSecrets} (the caller decides: TLS or
 * loopback), otherwise {@code passwordWithheld: true}, and the edge cannot collect that endpoint.
 */
public final class EdgeConfigDocument {

    /** The document and its entity tag (quoted, as in the header). */
    public record Tagged(JsonObject document, String etag) {}

    private final PlantMappings plants;
    private final ConnectStore connect;
    private final EndpointTargetStore targets;
    private final SecretBox secrets;

    public EdgeConfigDocument(
            PlantMappings plants, ConnectStore connect, EndpointTargetStore targets, SecretBox secrets) {
        this.plants = plants;
        this.connect = connect;
        this.targets = targets;
        this.secrets = secrets;
    }

    /** The plant's document; empty when the plant does not exist (any more). */
    public java.util.Optional<Tagged> of(UUID plantId, boolean withSecrets) throws SQLException {
        PlantMappings.Plant plant = plants.plant(plantId).orElse(null);
        if (plant == null) return java.util.Optional.empty();
        List<PlantMappings.Node> nodes = plants.nodes(plantId);
        Map<UUID, OpcEndpoint> endpoints = new LinkedHashMap<>();
        JsonArray mappings = new JsonArray();
        for (PlantMappings.Node n : nodes) {
            UUID endpointId = n.mapping().endpointId();
            if (!endpoints.containsKey(endpointId)) {
                OpcEndpoint e = connect.endpoint(endpointId).orElse(null);
                // an endpoint of another enterprise is never handed out, whatever a mapping says
                if (e == null || !e.enterpriseId().equals(plant.enterpriseId())) continue;
                endpoints.put(endpointId, e);
            }
            mappings.add(mapping(n));
        }
        JsonArray endpointJson = new JsonArray();
        for (OpcEndpoint e : endpoints.values()) endpointJson.add(endpoint(e, connect.tuning(e.id()), withSecrets));
        JsonArray templates = new JsonArray();
        for (MappingTemplate t : plants.templates(plantId)) templates.add(template(t));
        JsonObject doc = new JsonObject()
                .put(
                        "plant",
                        new JsonObject()
                                .put("id", plant.id().toString())
                                .put("code", plant.code())
                                .put("enterpriseId", plant.enterpriseId().toString())
                                .put("enterpriseCode", plant.enterpriseCode()))
                .put("endpoints", endpointJson)
                .put("allowedTargets", new JsonArray(targets.entries(plant.enterpriseId())))
                .put("mappings", mappings)
                .put("templates", templates);
        return java.util.Optional.of(new Tagged(doc, etag(doc)));
    }

    static String etag(JsonObject doc) {
        byte[] digest = EdgeKeyService.sha256(doc.encode());
        return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    }

    private JsonObject endpoint(OpcEndpoint e, EndpointTuning t, boolean withSecrets) {
        JsonObject o = new JsonObject()
                .put("id", e.id().toString())
                .put("enterpriseId", e.enterpriseId().toString())
                .put("name", e.name())
                .put("url", e.url())
                .put("securityPolicy", e.securityPolicy())
                .put("securityMode", e.securityMode())
                .put("authType", e.authType())
                .put("username", e.username())
                .put("allowUntrusted", e.allowUntrusted())
                .put(
                        "tuning",
                        new JsonObject()
                                .put("publishingIntervalMillis", t.publishingIntervalMillis())
                                .put("queueSize", t.queueSize())
                                .put("defaultSamplingMillis", t.defaultSamplingMillis()));
        if (e.hasPassword()) {
            if (withSecrets) o.put("password", secrets.open(e.passwordSealed(), e.id().toString()));
            else o.put("passwordWithheld", true);
        }
        return o;
    }

    private static JsonObject mapping(PlantMappings.Node n) {
        return new JsonObject()
                .put("machineId", n.machineId().toString())
                .put("machinePath", n.machinePath())
                .put("machineKind", n.machineKind())
                .mergeIn(ConnectJson.entry(n.mapping()));
    }

    private static JsonObject template(MappingTemplate t) {
        JsonArray entries = new JsonArray();
        for (MappingTemplate.Entry e : t.entries()) {
            JsonArray path = new JsonArray();
            e.path()
                    .forEach(p -> path.add(new JsonObject()
                            .put("namespaceUri", p.namespaceUri())
                            .put("name", p.name())));
            JsonObject valueMap = new JsonObject();
            e.valueMap().forEach((k, v) -> valueMap.put(Long.toString(k), v));
            entries.add(new JsonObject()
                    .put("signal", e.signal())
                    .put("path", path)
                    .put("samplingIntervalMillis", e.samplingIntervalMillis())
                    .put("deadband", e.deadband())
                    .put("scale", e.scale())
                    .put("offset", e.offset())
                    .put("unit", e.unit())
                    .put("valueMap", valueMap));
        }
        return new JsonObject()
                .put("id", t.id().toString())
                .put("model", t.model())
                .put("name", t.name())
                .put(
                        "enterpriseId",
                        t.enterpriseId() == null ? null : t.enterpriseId().toString())
                .put("vendorId", t.vendorId() == null ? null : t.vendorId().toString())
                .put("entries", entries);
    }
}
