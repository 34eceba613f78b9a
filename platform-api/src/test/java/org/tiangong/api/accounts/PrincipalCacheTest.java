package org.tiangong.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.accounts.Role;

class PrincipalCacheTest {

    static Principal principal(UUID user, String jti) {
        return new Principal(user, "u", Role.BUREAU, null, null, jti, Instant.parse("2030-01-01T00:00:00Z"), null);
    }

    @Test
    void forgettingAUserDropsEveryTokenOfTheirsAndNoOtherOnes() {
        PrincipalCache cache = new PrincipalCache(Duration.ofMinutes(1), 100);
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        cache.put(cache.generation(), "a1", principal(alice, "a1"));
        cache.put(cache.generation(), "a2", principal(alice, "a2"));
        cache.put(cache.generation(), "b1", principal(bob, "b1"));
        cache.forgetUser(alice);
        assertThat(cache.get("a1")).isNull();
        assertThat(cache.get("a2")).isNull();
        assertThat(cache.get("b1")).isNotNull();
        cache.forgetToken("b1");
        assertThat(cache.get("b1")).isNull();
    }

    @Test
    void aLookupThatBeganBeforeAChangeDoesNotStoreWhatItRead() {
        PrincipalCache cache = new PrincipalCache(Duration.ofMinutes(1), 100);
        UUID alice = UUID.randomUUID();
        long before = cache.generation(); // the lookup reads the user now ...
        cache.forgetUser(alice); // ... while an admin disables her
        cache.put(before, "a1", principal(alice, "a1"));
        assertThat(cache.get("a1")).isNull();
        cache.put(cache.generation(), "a1", principal(alice, "a1"));
        assertThat(cache.get("a1")).isNotNull();
    }
}
