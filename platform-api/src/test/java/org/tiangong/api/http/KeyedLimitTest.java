package org.tiangong.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** At most N OPC UA operations at once per enterprise; another enterprise is not affected (issue 11). */
class KeyedLimitTest {

    @Test
    void oneEnterpriseOverItsLimitGets429AndOthersGoOn() {
        KeyedLimit limit = new KeyedLimit(2, "OPC UA operations");
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        KeyedLimit.Permit first = limit.acquire(a);
        KeyedLimit.Permit second = limit.acquire(a);
        assertThatThrownBy(() -> limit.acquire(a)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isPositive();
            assertThat(e.detail()).contains("at most 2 OPC UA operations");
        });
        try (KeyedLimit.Permit other = limit.acquire(b)) {
            assertThat(other).isNotNull();
        }
        first.close();
        limit.acquire(a).close();
        second.close();
    }
}
