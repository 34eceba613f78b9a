package org.tiangong.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's rule (issue 11): per (user, address) and per address with growing delays, a high per-user ceiling. */
class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void delaysGrowAfterTheLimitAndApplyOnlyToThePairThatFailed() {
        MovableClock clock = new MovableClock();
        LoginThrottle t = new LoginThrottle(5, 20, 100, Duration.ofMinutes(15), 1000, clock);
        for (int i = 0; i < 5; i++) assertThat(t.begin("owner", "10.0.0.9")).isEmpty();
        assertThat(t.blocked("owner", "10.0.0.9")).contains(Duration.ofSeconds(30));
        assertThat(t.blocked("owner", "10.0.0.1")).as("the owner elsewhere").isEmpty();
        clock.now = clock.now.plusSeconds(31);
        assertThat(t.begin("owner", "10.0.0.9")).isEmpty(); // 6th failure
        assertThat(t.blocked("owner", "10.0.0.9")).contains(Duration.ofSeconds(60)); // twice as long
        clock.now = clock.now.plusSeconds(61);
        assertThat(t.begin("owner", "10.0.0.9")).isEmpty();
        assertThat(t.blocked("owner", "10.0.0.9")).contains(Duration.ofSeconds(120));
    }

    @Test
    void oneAddressSprayingManyNamesIsSlowedButAUserOnlyAtAHighCeiling() {
        MovableClock clock = new MovableClock();
        LoginThrottle t = new LoginThrottle(5, 20, 100, Duration.ofMinutes(15), 1000, clock);
        for (int i = 0; i < 20; i++) t.failed("user" + i, "10.0.0.66");
        assertThat(t.blocked("anyone", "10.0.0.66")).isPresent();
        assertThat(t.blocked("anyone", "10.0.0.67")).isEmpty();
        // 99 failures for one name from 99 addresses: the owner is not blocked; the 100th starts the ceiling's delay
        for (int i = 0; i < 99; i++) t.failed("victim", "192.0.2." + i);
        assertThat(t.blocked("victim", "10.1.1.1")).isEmpty();
        t.failed("victim", "192.0.2.200");
        assertThat(t.blocked("victim", "10.1.1.1")).contains(Duration.ofSeconds(30));
    }
}
