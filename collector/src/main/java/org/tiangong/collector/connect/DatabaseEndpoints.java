package org.tiangong.collector.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.connect.CollectedNode;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.TargetAllowList;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.opcua.ClientSecurity;
import org.tiangong.collector.opcua.EndpointSubscriber;
import org.tiangong.collector.opcua.NodeTuning;

/**
 * Collects the endpoints and mappings saved through the platform next to those of the YAML file, and follows their
 * changes without a restart. They come from an {@link EndpointSource}: the database (tables of migration V15, for a
 * collector with {@code --db}) or a copy pulled from the platform's API (an edge collector). Every {@code pollInterval}
 * it asks the source for its version (for the database: the connect revision, one primary-key read); when it moved,
 * it reloads endpoints and mappings and, per endpoint, adds or removes monitored
 * items in the running subscription ({@link EndpointSubscriber#reconfigure}), starts subscribers for endpoints that
 * got their first mapping, closes those that lost their last, and reconnects those whose URL or security changed.
 *
 * <p>Every endpoint is re-checked against its enterprise's allow-list of targets ({@link TargetAllowList}) at each
 * reload, and the lists are polled too (they do not move the revision): an endpoint whose host is not, or no longer,
 * on its list is not connected (a running one is stopped), logged once, and reported by {@link #refused()}.
 */
public final class DatabaseEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseEndpoints.class);

    /**
     * @param files        the PKI and the secret key (resolved by the launcher)
     * @param pollInterval how often the revision is read; a saved mapping is collected within about this long plus
     *                     the connect
     */
    public record Options(
            PlatformFiles files,
            Duration pollInterval,
            Duration maxClockSkew,
            double publishingIntervalMillis,
            int queueSize) {

        /** What {@code tiangong collect} and the demo use: a poll every 2 s, 500 ms publishing, queues of 10. */
        public static Options defaults(PlatformFiles files, Duration maxClockSkew) {
            return new Options(files, Duration.ofSeconds(2), maxClockSkew, 500, 10);
        }
    }

    private record Running(OpcEndpoint endpoint, EndpointSubscriber.Settings settings, EndpointSubscriber subscriber) {}

    /** Why an endpoint saved on the platform is not collected; the collector's status of it. */
    public static final String NOT_ON_ALLOW_LIST = "target_not_allowed";

    private final EndpointSource source;
    private final SampleQueue queue;
    private final Options options;
    private final ScheduledExecutorService poller;
    private final Map<UUID, Running> running = new HashMap<>();
    private String seenVersion;
    /** The last failure logged, so that a source that stays away is logged once, not at every poll. */
    private String lastFailure;
    /** Endpoints not collected and why (logged once each, when they enter this map). */
    private final Map<UUID, String> refused = new HashMap<>();

    private ClientPki pki;
    private volatile boolean closed;

    public DatabaseEndpoints(ConnectStore store, SampleQueue queue, Options options) {
        this(store, store.targets(), queue, options);
    }

    public DatabaseEndpoints(ConnectStore store, EndpointTargetStore targets, SampleQueue queue, Options options) {
        this(new DatabaseSource(store, targets), queue, options);
    }

    public DatabaseEndpoints(EndpointSource source, SampleQueue queue, Options options) {
        this.source = source;
        this.queue = queue;
        this.options = options;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiangong-connect-reload");
            t.setDaemon(true);
            return t;
        });
    }

    public DatabaseEndpoints start() {
        poller.scheduleWithFixedDelay(this::poll, 0, options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void poll() {
        if (closed) return;
        try {
            String version = source.version();
            if (lastFailure != null) {
                log.info("endpoints and mappings from {} can be read again", source.describe());
                lastFailure = null;
            }
            if (version.equals(seenVersion)) return;
            reload(source.load());
            seenVersion = version;
        } catch (Exception e) {
            // the source may be away: the running endpoints, the YAML ones and the buffer go on; we try again at the
            // next poll, and say so once rather than at every poll
            String failure = e.toString();
            if (!failure.equals(lastFailure))
                log.warn(
                        "reloading endpoints and mappings from {} failed (the running ones go on): {}",
                        source.describe(),
                        failure);
            lastFailure = failure;
        }
    }

    private void reload(PlatformConfig config) throws Exception {
        Map<UUID, List<CollectedNode>> byEndpoint = new LinkedHashMap<>();
        for (CollectedNode n : config.nodes()) {
            byEndpoint
                    .computeIfAbsent(n.mapping().endpointId(), k -> new ArrayList<>())
                    .add(n);
        }
        // endpoints without mappings, or deleted: stop
        refused.keySet().retainAll(byEndpoint.keySet());
        for (UUID id : new ArrayList<>(running.keySet())) {
            if (!byEndpoint.containsKey(id)) {
                running.remove(id).subscriber().close();
                log.info("endpoint {}: no mapped nodes any more; stopped collecting it", id);
            }
        }
        for (Map.Entry<UUID, List<CollectedNode>> e : byEndpoint.entrySet()) {
            OpcEndpoint endpoint = config.endpoint(e.getKey()).orElse(null);
            if (endpoint == null) continue;
            if (!onAllowList(endpoint, config.allowList(endpoint.enterpriseId()))) continue;
            Map<String, Integer> nodes = new LinkedHashMap<>();
            Map<String, NodeTuning> tuning = new LinkedHashMap<>();
            for (CollectedNode n : e.getValue()) {
                var m = n.mapping();
                nodes.put(m.nodeId(), n.signalId());
                tuning.put(
                        m.nodeId(),
                        new NodeTuning(m.samplingIntervalMillis(), m.deadband(), m.scale(), m.offset(), m.valueMap()));
            }
            EndpointTuning subscription = config.tuningOf(endpoint.id());
            // publishing as fast as the fastest node is sampled, unless the endpoint says otherwise: a slower publish
            // holds more values in flight, which a crash of the server or the collector then loses
            double publishing = subscription.publishingIntervalFor(
                    tuning.values().stream()
                            .map(NodeTuning::samplingIntervalMillis)
                            .toList(),
                    options.publishingIntervalMillis());
            int queueSize = subscription.queueSize() != null ? subscription.queueSize() : options.queueSize();
            double defaultSampling =
                    subscription.defaultSamplingMillis() != null ? subscription.defaultSamplingMillis() : 1000;
            Running current = running.get(endpoint.id());
            if (current != null
                    && sameConnection(current.endpoint(), endpoint)
                    && current.settings().publishingIntervalMillis() == publishing
                    && current.settings().queueSize() == queueSize
                    && current.settings().samplingIntervalMillis() == defaultSampling) {
                current.subscriber().reconfigure(nodes, tuning);
                continue;
            }
            if (current != null) {
                current.subscriber().close();
                log.info(
                        "endpoint {} ({}): URL, security or subscription settings changed; reconnecting",
                        endpoint.name(),
                        endpoint.id());
            }
            ClientSecurity security;
            try {
                security = security(endpoint);
            } catch (RuntimeException | IOException ex) {
                log.warn("endpoint {} ({}): cannot be collected: {}", endpoint.name(), endpoint.id(), ex.getMessage());
                running.remove(endpoint.id());
                continue;
            }
            var settings = new EndpointSubscriber.Settings(
                    endpoint.name(),
                    endpoint.url(),
                    publishing,
                    defaultSampling,
                    queueSize,
                    nodes,
                    security,
                    Duration.ofMinutes(1),
                    options.maxClockSkew());
            EndpointSubscriber subscriber = new EndpointSubscriber(settings, queue);
            subscriber.reconfigure(nodes, tuning); // queued before the connect: the first subscribe uses the tuning
            subscriber.start();
            running.put(endpoint.id(), new Running(endpoint, settings, subscriber));
            log.info(
                    "endpoint {} ({}): collecting {} mapped nodes from {}, publishing every {} ms",
                    endpoint.name(),
                    endpoint.id(),
                    nodes.size(),
                    endpoint.url(),
                    publishing);
        }
    }

    /**
     * Whether the endpoint's host is on its enterprise's allow-list; if not, stops it when running and records (and
     * logs, the first time) why it is not collected.
     */
    private boolean onAllowList(OpcEndpoint endpoint, List<String> allowList) {
        if (TargetAllowList.allows(allowList, endpoint.url())) {
            if (refused.remove(endpoint.id()) != null)
                log.info("endpoint {} ({}): back on its enterprise's allow-list", endpoint.name(), endpoint.id());
            return true;
        }
        Running current = running.remove(endpoint.id());
        if (current != null) current.subscriber().close();
        if (refused.put(endpoint.id(), NOT_ON_ALLOW_LIST) == null) {
            log.warn(
                    "endpoint {} ({}): host {} is not on its enterprise's allow-list of endpoint targets; not collecting it{}",
                    endpoint.name(),
                    endpoint.id(),
                    TargetAllowList.host(endpoint.url()),
                    current != null ? " (stopped)" : "");
        }
        return false;
    }

    /** Endpoints saved on the platform that this collector does not connect, and why ({@link #NOT_ON_ALLOW_LIST}). */
    public synchronized Map<UUID, String> refused() {
        return Map.copyOf(refused);
    }

    private static boolean sameConnection(OpcEndpoint a, OpcEndpoint b) {
        return a.url().equals(b.url())
                && a.securityPolicy().equals(b.securityPolicy())
                && a.securityMode().equals(b.securityMode())
                && a.authType().equals(b.authType())
                && Objects.equals(a.username(), b.username())
                && java.util.Arrays.equals(a.passwordSealed(), b.passwordSealed())
                && a.allowUntrusted() == b.allowUntrusted();
    }

    private ClientSecurity security(OpcEndpoint e) throws IOException {
        // validated against the trust list of the endpoint's own enterprise only (per-enterprise trust)
        return EndpointSecurity.of(
                e, options.files().secrets(), () -> pki().forEnterprise(e.enterpriseId()), e.allowUntrusted());
    }

    private ClientPki pki() throws IOException {
        if (pki == null) {
            pki = options.files().openPki();
            try {
                pki.migrateGlobalTrust(source.enterprisesWithEndpoints());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot list the enterprises for the trust-list migration: " + e.getMessage(), e);
            }
        }
        return pki;
    }

    /** The subscription settings an endpoint is collected with now, when it is running. */
    public synchronized java.util.Optional<EndpointSubscriber.Settings> settingsOf(UUID endpointId) {
        return java.util.Optional.ofNullable(running.get(endpointId)).map(Running::settings);
    }

    /** The subscriber collecting an endpoint now, when it is running. */
    public synchronized java.util.Optional<EndpointSubscriber> subscriberOf(UUID endpointId) {
        return java.util.Optional.ofNullable(running.get(endpointId)).map(Running::subscriber);
    }

    /** The subscribers of database endpoints now running (for stats and metrics). */
    public synchronized List<EndpointSubscriber> subscribers() {
        return running.values().stream().map(Running::subscriber).toList();
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            running.values().forEach(r -> r.subscriber().close());
            running.clear();
            if (pki != null) pki.close();
        }
    }
}
