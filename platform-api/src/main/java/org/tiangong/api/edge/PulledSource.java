package org.tiangong.api.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.connect.CollectedNode;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.Collector;
import org.tiangong.collector.connect.EndpointSource;
import org.tiangong.collector.connect.PlatformConfig;

/**
 * The platform's endpoints and mappings as an edge collector pulls them ({@link EdgeConfigClient}): each
 * {@link #version()} is one conditional GET; a new document is turned into a {@link PlatformConfig} (signal ids from
 * the edge's own registry, passwords sealed with the edge's own key) and kept in the cache next to the buffer. When
 * the platform is unreachable, refuses the key or answers something broken, the last good configuration (from this
 * run, or from the cache at start) stays in force and the problem is logged once, until the next good answer.
 */
public final class PulledSource implements EndpointSource {

    private static final Logger log = LoggerFactory.getLogger(PulledSource.class);

    /** The configuration in force and the document it came from (passwords sealed). */
    private record Current(String etag, JsonObject document, PlatformConfig config) {}

    private final EdgeConfigClient client;
    private final EdgeConfigCache cache;
    private final SecretBox secrets;
    private final Collector.SignalRegistrar registrar;
    private Current current;
    private String problem;

    /**
     * @param buffer    the edge's buffer file: the cache is {@code <buffer>.edge-config.json}
     * @param secrets   the edge's own secret key (seals passwords in memory and in the cache)
     * @param registrar the edge's signal ids ({@code EdgeSignals})
     */
    public PulledSource(EdgeConfigClient client, Path buffer, SecretBox secrets, Collector.SignalRegistrar registrar) {
        this.client = client;
        this.cache = EdgeConfigCache.forBuffer(buffer);
        this.secrets = secrets;
        this.registrar = registrar;
        try {
            Optional<EdgeConfigCache.Saved> saved = cache.read();
            if (saved.isPresent()) {
                JsonObject doc = saved.get().document();
                current = new Current(saved.get().etag(), doc, config(doc));
                log.info(
                        "edge configuration: starting from the cached copy {} ({} endpoints, {} mappings) until {} answers",
                        cache.file(),
                        doc.getJsonArray("endpoints").size(),
                        doc.getJsonArray("mappings").size(),
                        client.uri());
            }
        } catch (Exception e) {
            log.warn(
                    "edge configuration: the cached copy {} cannot be read, ignoring it: {}",
                    cache.file(),
                    e.toString());
        }
    }

    @Override
    public synchronized String version() throws IOException {
        EdgeConfigClient.Answer answer;
        try {
            answer = client.fetch(current == null ? null : current.etag());
        } catch (IOException e) {
            return trouble("cannot reach " + client.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (answer instanceof EdgeConfigClient.Answer.NotModified) {
            if (current == null) return trouble("304 Not Modified although the edge sent no tag");
        } else if (answer instanceof EdgeConfigClient.Answer.Refused r) {
            return trouble(client.uri() + " answered " + r.status() + " (" + r.reason() + ")");
        } else if (answer instanceof EdgeConfigClient.Answer.Fetched f) {
            JsonObject sealed;
            PlatformConfig config;
            try {
                sealed = sealPasswords(f.document());
                config = config(sealed);
            } catch (RuntimeException | java.sql.SQLException e) {
                return trouble("the configuration from " + client.uri() + " is not usable: " + e);
            }
            current = new Current(f.etag(), sealed, config);
            try {
                cache.write(new EdgeConfigCache.Saved(f.etag(), sealed));
            } catch (IOException e) {
                log.warn("edge configuration: cannot save the copy {}: {}", cache.file(), e.toString());
            }
            log.info(
                    "edge configuration {} from {}: {} endpoints, {} mappings, {} templates",
                    f.etag(),
                    client.uri(),
                    config.endpoints().size(),
                    config.nodes().size(),
                    sealed.getJsonArray("templates", new JsonArray()).size());
        }
        if (problem != null) {
            log.info("edge configuration: {} answers again", client.uri());
            problem = null;
        }
        return current.etag();
    }

    /** Keeps what is in force (logged once per kind of trouble); without anything in force, the caller retries. */
    private String trouble(String what) throws IOException {
        if (current == null) throw new IOException(what + "; no configuration cached yet");
        if (!what.equals(problem))
            log.warn("edge configuration: {}; collecting with the configuration in force ({})", what, current.etag());
        problem = what;
        return current.etag();
    }

    @Override
    public synchronized PlatformConfig load() throws IOException {
        if (current == null) throw new IOException("no edge configuration yet");
        return current.config();
    }

    @Override
    public String describe() {
        return client.uri().toString();
    }

    /** The plant's enterprise and plant codes, once a configuration is known (cached or pulled). */
    public synchronized Optional<MachinePath> plant() {
        if (current == null) return Optional.empty();
        JsonObject p = current.document().getJsonObject("plant");
        return Optional.of(new MachinePath(p.getString("enterpriseCode"), p.getString("code"), "-", "-"));
    }

    /**
     * The document with each clear-text password replaced by the edge's sealing of it; an unchanged password keeps
     * its earlier sealing, so that an unchanged endpoint is not reconnected (sealings differ every time).
     */
    private JsonObject sealPasswords(JsonObject doc) {
        Map<String, String> before = new HashMap<>();
        if (current != null) {
            for (Object o : current.document().getJsonArray("endpoints")) {
                JsonObject e = (JsonObject) o;
                if (e.getString("passwordSealed") != null) before.put(e.getString("id"), e.getString("passwordSealed"));
            }
        }
        JsonObject out = doc.copy();
        for (Object o : out.getJsonArray("endpoints")) {
            JsonObject e = (JsonObject) o;
            String password = (String) e.remove("password");
            if (password == null) continue;
            String id = e.getString("id");
            String old = before.get(id);
            boolean same = old != null
                    && password.equals(secrets.open(Base64.getDecoder().decode(old), id));
            e.put("passwordSealed", same ? old : Base64.getEncoder().encodeToString(secrets.seal(password, id)));
        }
        return out;
    }

    /** The collector's view of a (sealed) document: signal ids registered in the edge's own registry. */
    private PlatformConfig config(JsonObject doc) throws java.sql.SQLException {
        List<OpcEndpoint> endpoints = new ArrayList<>();
        Map<UUID, EndpointTuning> tuning = new HashMap<>();
        Map<UUID, List<String>> lists = new HashMap<>();
        UUID enterprise = UUID.fromString(doc.getJsonObject("plant").getString("enterpriseId"));
        lists.put(
                enterprise,
                doc.getJsonArray("allowedTargets", new JsonArray()).stream()
                        .map(String::valueOf)
                        .toList());
        for (Object o : doc.getJsonArray("endpoints")) {
            JsonObject e = (JsonObject) o;
            UUID id = UUID.fromString(e.getString("id"));
            if (e.getBoolean("passwordWithheld", false)) {
                log.warn(
                        "endpoint {} ({}): the platform withheld its password (the pull came neither over TLS nor "
                                + "from its own host); not collecting it",
                        e.getString("name"),
                        id);
                continue;
            }
            String sealed = e.getString("passwordSealed");
            endpoints.add(new OpcEndpoint(
                    id,
                    UUID.fromString(e.getString("enterpriseId")),
                    null,
                    e.getString("name"),
                    e.getString("url"),
                    e.getString("securityPolicy"),
                    e.getString("securityMode"),
                    e.getString("authType"),
                    e.getString("username"),
                    sealed == null ? null : Base64.getDecoder().decode(sealed),
                    e.getBoolean("allowUntrusted", false),
                    null,
                    null));
            JsonObject t = e.getJsonObject("tuning", new JsonObject());
            tuning.put(
                    id,
                    new EndpointTuning(
                            t.getDouble("publishingIntervalMillis"),
                            t.getInteger("queueSize"),
                            t.getDouble("defaultSamplingMillis")));
        }
        return new PlatformConfig(endpoints, tuning, nodes(doc.getJsonArray("mappings")), lists);
    }

    /** Mapped nodes per machine, each machine's signals registered at once (one save of the registry). */
    private List<CollectedNode> nodes(JsonArray mappings) throws java.sql.SQLException {
        Map<String, List<JsonObject>> byMachine = new LinkedHashMap<>();
        for (Object o : mappings) {
            JsonObject m = (JsonObject) o;
            byMachine
                    .computeIfAbsent(m.getString("machinePath"), k -> new ArrayList<>())
                    .add(m);
        }
        List<CollectedNode> out = new ArrayList<>();
        for (var machine : byMachine.entrySet()) {
            JsonObject first = machine.getValue().get(0);
            MachineKind kind = MachineKind.fromCode(first.getString("machineKind"))
                    .orElseThrow(() ->
                            new IllegalArgumentException("unknown machine kind " + first.getString("machineKind")));
            Map<CanonicalSignal, String> sourceNodes = new LinkedHashMap<>();
            for (JsonObject m : machine.getValue()) {
                CanonicalSignal s = CanonicalSignal.fromKey(m.getString("signal"))
                        .orElseThrow(() -> new IllegalArgumentException("unknown signal " + m.getString("signal")));
                sourceNodes.put(s, m.getString("nodeId"));
            }
            Map<CanonicalSignal, Integer> ids =
                    registrar.registerSignals(MachinePath.parse(machine.getKey()), kind, sourceNodes);
            for (JsonObject m : machine.getValue()) {
                Map<Long, Double> valueMap = new java.util.TreeMap<>();
                m.getJsonObject("valueMap", new JsonObject())
                        .forEach(v -> valueMap.put(Long.parseLong(v.getKey()), ((Number) v.getValue()).doubleValue()));
                MappingEntry entry = new MappingEntry(
                        m.getString("signal"),
                        UUID.fromString(m.getString("endpointId")),
                        m.getString("nodeId"),
                        m.getDouble("samplingIntervalMillis"),
                        m.getDouble("deadband"),
                        m.getDouble("scale"),
                        m.getDouble("offset"),
                        m.getString("unit"),
                        valueMap);
                out.add(new CollectedNode(
                        UUID.fromString(m.getString("machineId")),
                        ids.get(CanonicalSignal.fromKey(m.getString("signal")).orElseThrow()),
                        entry));
            }
        }
        return out;
    }
}
