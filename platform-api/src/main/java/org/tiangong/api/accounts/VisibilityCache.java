package org.tiangong.api.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Which machines of a line, plant or enterprise a user may see, remembered for a few seconds so that every request of
 * a busy board or report does not ask the database again. An answer is only used while {@link PrincipalCache}'s
 * generation is the one it was computed under: a change of a user (role, binding, disable) or of a vendor's grants on
 * this instance makes the next request compute it again. Topology changes (a machine added to a line) and changes
 * made through another instance are seen when the entry expires.
 */
public final class VisibilityCache {

    /** How long a remembered answer may be used at most. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private record Key(UUID userId, String kind, UUID id) {}

    private record Entry(long generation, List<UUID> machines) {}

    private final PrincipalCache principals;
    private final Cache<Key, Entry> cache;

    public VisibilityCache(PrincipalCache principals, Duration ttl, long maxEntries) {
        this.principals = principals;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .build();
    }

    /**
     * The machines {@code compute} finds for the caller and ({@code kind}, {@code id}); a failed check (an exception)
     * is never remembered.
     */
    public List<UUID> machines(Principal p, String kind, UUID id, Callable<List<UUID>> compute) throws Exception {
        Key key = new Key(p.userId(), kind, id);
        long generation = principals.generation();
        Entry e = cache.getIfPresent(key);
        if (e != null && e.generation() == generation) return e.machines();
        List<UUID> machines = List.copyOf(compute.call());
        cache.put(key, new Entry(generation, machines));
        return machines;
    }
}
