package org.tiangong.collector.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** Records what the retry loop reports. */
    static final class Recorder implements Backoff.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void failed(int attempt, Exception e, Duration wait) {
            events.add("failed " + attempt + " " + e.getMessage() + " wait " + wait.toMillis());
        }

        @Override
        public void succeeded(int attempt, Duration failingFor) {
            events.add("succeeded " + attempt);
        }
    }

    @Test
    void retriesWithADoublingWaitCappedAtTheMaximumUntilTheWorkSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recorder recorder = new Recorder();
        boolean done = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4), () -> false)
                .retry(
                        () -> {
                            if (calls.incrementAndGet() < 5) throw new IOException("down");
                        },
                        recorder);
        assertThat(done).isTrue();
        assertThat(recorder.events)
                .containsExactly(
                        "failed 1 down wait 1",
                        "failed 2 down wait 2",
                        "failed 3 down wait 4",
                        "failed 4 down wait 4",
                        "succeeded 5");
    }

    @Test
    void givingUpStopsBeforeTheNextAttemptButTheFirstIsAlwaysMade() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recorder recorder = new Recorder();
        boolean done = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), () -> true)
                .retry(
                        () -> {
                            calls.incrementAndGet();
                            throw new IOException("down");
                        },
                        recorder);
        assertThat(done).isFalse();
        assertThat(calls).hasValue(1);
        assertThat(recorder.events).containsExactly("failed 1 down wait 1");
    }

    @Test
    void anInterruptedAttemptEndsTheRetryWithTheInterruption() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), () -> false)
                        .retry(
                                () -> {
                                    calls.incrementAndGet();
                                    throw new InterruptedException("closing");
                                },
                                new Recorder()))
                .isInstanceOf(InterruptedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void refusesAWaitThatCouldNotDouble() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
