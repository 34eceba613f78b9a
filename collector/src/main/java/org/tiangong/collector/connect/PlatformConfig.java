package org.tiangong.collector.connect;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.connect.CollectedNode;
import org.tiangong.analytics.connect.EndpointTuning;
import org.tiangong.analytics.connect.OpcEndpoint;

/**
 * The endpoints and mappings saved on the platform as one collector sees them at one moment.
 *
 * @param endpoints  the endpoints that {@code nodes} refer to (others may be there too; they are not connected)
 * @param tuning     subscription settings per endpoint id; missing: {@link EndpointTuning#AUTOMATIC}
 * @param nodes      every mapped node with the signal id it feeds (in the id space of the collector's buffer)
 * @param allowLists per enterprise id, its allow-list of endpoint targets; missing: empty (nothing allowed)
 */
public record PlatformConfig(
        List<OpcEndpoint> endpoints,
        Map<UUID, EndpointTuning> tuning,
        List<CollectedNode> nodes,
        Map<UUID, List<String>> allowLists) {

    public PlatformConfig {
        endpoints = List.copyOf(endpoints);
        tuning = Map.copyOf(tuning);
        nodes = List.copyOf(nodes);
        allowLists = Map.copyOf(allowLists);
    }

    public java.util.Optional<OpcEndpoint> endpoint(UUID id) {
        return endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public EndpointTuning tuningOf(UUID endpointId) {
        return tuning.getOrDefault(endpointId, EndpointTuning.AUTOMATIC);
    }

    public List<String> allowList(UUID enterpriseId) {
        return allowLists.getOrDefault(enterpriseId, List.of());
    }
}
