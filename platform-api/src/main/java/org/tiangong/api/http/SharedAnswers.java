package org.tiangong.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Answers shared by identical requests for a short while: the first caller of a key computes it (on its worker), the
 * callers that ask for the same key meanwhile wait for that computation instead of repeating it, and for {@code ttl}
 * afterwards everyone gets the same answer. The key must hold everything the answer depends on, the caller's
 * visible machines included, so that callers who see different things never share. Failures are not kept.
 */
public final class SharedAnswers<K, V> {

    private final Cache<K, V> cache;

    public SharedAnswers(Duration ttl, long maxEntries) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .build();
    }

    /** Blocking: call on a worker. */
    public V get(K key, Callable<V> compute) throws Exception {
        try {
            return cache.get(key, k -> {
                try {
                    return compute.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
