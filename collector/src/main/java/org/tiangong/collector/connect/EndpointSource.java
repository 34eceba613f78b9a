package org.tiangong.collector.connect;

/**
 * Where {@link DatabaseEndpoints} reads the endpoints and mappings saved on the platform: the database itself
 * ({@link DatabaseSource}, a collector with {@code --db}) or, at the edge, a copy pulled from the platform's API (built
 * by the launcher, which knows HTTP; this module does not). The reloader asks for the {@link #version()} at every
 * poll and reads {@link #load()} only when it moved, so a version must be cheap and change with any change of what
 * {@code load} returns.
 */
public interface EndpointSource {

    /**
     * A token that changes whenever what {@link #load()} returns may have changed.
     *
     * @throws Exception when the source cannot be asked now (database away, platform unreachable, key refused): the
     *                   running endpoints go on and the reloader asks again at the next poll
     */
    String version() throws Exception;

    /** Everything to collect as of the last {@link #version()}. */
    PlatformConfig load() throws Exception;

    /**
     * The enterprises whose endpoints this source knows, for the one-time move of a legacy global trust list into
     * per-enterprise ones ({@link org.tiangong.collector.opcua.ClientPki#migrateGlobalTrust}); by default those of
     * {@code config}.
     */
    default java.util.Collection<java.util.UUID> enterprisesWithEndpoints() throws Exception {
        return load().endpoints().stream()
                .map(org.tiangong.analytics.connect.OpcEndpoint::enterpriseId)
                .distinct()
                .toList();
    }

    /** For log lines: "the database", "https://…/edge/config". */
    String describe();
}
