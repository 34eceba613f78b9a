package org.tiangong.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator answers failed passwords later and later (issue 11: 20 wrong passwords in a second, no delay). */
class FailedLoginDelayTest {

    @Test
    void eachFailedPasswordWaitsLongerUntilTheRightOne() {
        FailedLoginDelay delay = new FailedLoginDelay();
        assertThat(delay.failed("operator")).isEqualTo(Duration.ofMillis(250));
        assertThat(delay.failed("operator")).isEqualTo(Duration.ofMillis(500));
        assertThat(delay.failed("operator")).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) delay.failed("operator");
        assertThat(delay.failed("operator")).isEqualTo(FailedLoginDelay.MAX);
        // twenty guesses cost far more than a second
        FailedLoginDelay fresh = new FailedLoginDelay();
        Duration total = Duration.ZERO;
        for (int i = 0; i < 20; i++) total = total.plus(fresh.failed("operator"));
        assertThat(total).isGreaterThan(Duration.ofMinutes(1));
        // another user name is counted apart; a success resets
        assertThat(delay.failed("someone")).isEqualTo(Duration.ofMillis(250));
        delay.succeeded("operator");
        assertThat(delay.failed("operator")).isEqualTo(Duration.ofMillis(250));
    }
}
