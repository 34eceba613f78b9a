package org.tiangong.collector.connect;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.connect.CollectedNode;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.OpcEndpoint;

/**
 * The platform's endpoints and mappings read from its database (tables of migration V15): the version is the connect
 * revision (one primary-key read) and the fingerprint of the allow-lists, which do not move the revision.
 */
public final class DatabaseSource implements EndpointSource {

    private final ConnectStore store;
    private final EndpointTargetStore targets;

    public DatabaseSource(ConnectStore store, EndpointTargetStore targets) {
        this.store = store;
        this.targets = targets;
    }

    public DatabaseSource(ConnectStore store) {
        this(store, store.targets());
    }

    @Override
    public String version() throws SQLException {
        return store.revision() + "/" + targets.fingerprint();
    }

    @Override
    public PlatformConfig load() throws SQLException {
        List<CollectedNode> nodes = store.collectedNodes();
        Set<UUID> endpointIds = new LinkedHashSet<>();
        nodes.forEach(n -> endpointIds.add(n.mapping().endpointId()));
        List<OpcEndpoint> endpoints = new java.util.ArrayList<>();
        Map<UUID, EndpointTuning> tuning = new HashMap<>();
        Map<UUID, List<String>> lists = new HashMap<>();
        for (UUID id : endpointIds) {
            OpcEndpoint e = store.endpoint(id).orElse(null);
            if (e == null) continue;
            endpoints.add(e);
            tuning.put(id, store.tuning(id));
            if (!lists.containsKey(e.enterpriseId())) lists.put(e.enterpriseId(), targets.entries(e.enterpriseId()));
        }
        return new PlatformConfig(endpoints, tuning, nodes, lists);
    }

    /** Every enterprise with an endpoint, mapped or not (the one-time move of a global trust list needs them all). */
    @Override
    public List<UUID> enterprisesWithEndpoints() throws SQLException {
        return store.endpoints(null, null).stream()
                .map(OpcEndpoint::enterpriseId)
                .distinct()
                .toList();
    }

    @Override
    public String describe() {
        return "the database";
    }
}
