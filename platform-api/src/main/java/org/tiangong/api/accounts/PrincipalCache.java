package org.tiangong.api.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;

/**
 * The principals of recently seen bearer tokens (by token id), so that a request whose token was checked a moment ago
 * neither reads its user nor its revocation from the database again.
 *
 * <p>On this instance a change is seen at once: whoever changes a user's credentials, role, tenant binding or
 * disabled flag calls {@link #forgetUser} after the change committed, logout calls {@link #forgetToken}. A lookup that
 * started before such a change (it may have read the old user) does not store its answer: every forget moves a
 * generation on, and {@link #put} only stores under the generation the lookup began with. Changes made through
 * another API instance or the admin command line are seen here when the entry expires ({@link #DEFAULT_TTL}).
 */
public final class PrincipalCache {

    /** How long another instance's change (a disable, a logout) may go unseen here. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private final Cache<String, Principal> byToken;
    private final Object lock = new Object();
    private long generation;

    public PrincipalCache(Duration ttl, long maxEntries) {
        this.byToken = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .build();
    }

    /** The generation a lookup begins with; pass it to {@link #put}. */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** The cached principal of token {@code jti}, or null. */
    public Principal get(String jti) {
        return byToken.getIfPresent(jti);
    }

    /** Stores {@code principal} unless a forget happened since {@code generationAtStart}. */
    public void put(long generationAtStart, String jti, Principal principal) {
        synchronized (lock) {
            if (generation == generationAtStart) byToken.put(jti, principal);
        }
    }

    /** The user's credentials, role, binding or disabled flag changed: forget every token of theirs. */
    public void forgetUser(UUID userId) {
        synchronized (lock) {
            generation++;
            byToken.asMap().values().removeIf(p -> p.userId().equals(userId));
        }
    }

    /** A vendor's grants changed: answers of {@link VisibilityCache} computed before are void. */
    public void forgetGrants() {
        synchronized (lock) {
            generation++;
        }
    }

    /** The token was revoked (logout). */
    public void forgetToken(String jti) {
        synchronized (lock) {
            generation++;
            byToken.invalidate(jti);
        }
    }
}
