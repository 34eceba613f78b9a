package org.tiangong.analytics.connect;

/**
 * How a collector subscribes to an endpoint saved through the platform; null fields are automatic.
 *
 * @param publishingIntervalMillis how often the server sends what changed; automatic: as fast as the fastest mapped
 *                                 node is sampled, at least every 100 ms
 * @param queueSize                values the server keeps per node between publishes; automatic: the collector's
 * @param defaultSamplingMillis    sampling interval of nodes whose mapping entry gives none (entries saved through
 *                                 the API always carry one; this is what new mappings are proposed with)
 */
public record EndpointTuning(Double publishingIntervalMillis, Integer queueSize, Double defaultSamplingMillis) {

    public static final EndpointTuning AUTOMATIC = new EndpointTuning(null, null, null);

    /** The publishing interval to ask for, given the sampling intervals of the endpoint's mapped nodes. */
    public double publishingIntervalFor(java.util.Collection<Double> samplingIntervals, double fallback) {
        if (publishingIntervalMillis != null) return publishingIntervalMillis;
        // sampling 0 is "every change": the floor of 100 ms keeps round trips sensible, as for YAML endpoints
        return samplingIntervals.stream().mapToDouble(Double::doubleValue).min().stream()
                .map(fastest -> Math.max(100, fastest))
                .findFirst()
                .orElse(fallback);
    }
}
