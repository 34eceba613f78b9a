package org.tiangong.api.andon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tiangong.api.http.Blocking;

/**
 * {@code GET /lines/{id}/status} answers from {@link AndonHub#snapshot}: one computation per interval for all
 * callers, and callers after the interval get the last answer while the next one is computed — nobody queues behind
 * a computation except the first caller after a quiet spell of two intervals.
 */
class BoardSnapshotTest {

    private static final AndonHub.BoardKey KEY = new AndonHub.BoardKey(UUID.randomUUID(), List.of(UUID.randomUUID()));

    private final Vertx vertx = Vertx.vertx();
    private final Blocking blocking = new Blocking(vertx, "test-board", 2, 10);
    private final AtomicInteger computations = new AtomicInteger();
    /** Opened by the test to let the second and later computations finish. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final AndonHub hub = new AndonHub(
            vertx,
            blocking,
            (line, machines) -> {
                int n = computations.incrementAndGet();
                if (n > 1) release.await(20, TimeUnit.SECONDS);
                return "{\"n\":" + n + "}";
            },
            Duration.ofSeconds(2));

    @AfterEach
    void close() {
        release.countDown();
        blocking.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void callersWithinAnIntervalShareOneComputation() throws Exception {
        assertThat(get()).isEqualTo("{\"n\":1}");
        assertThat(get()).isEqualTo("{\"n\":1}");
        assertThat(computations).hasValue(1);
    }

    @Test
    void afterTheIntervalCallersGetTheLastAnswerWhileOneRecomputationRuns() throws Exception {
        assertThat(get()).isEqualTo("{\"n\":1}");
        Thread.sleep(2_100); // past the interval, well within two
        // the recomputation is held by the latch: these answers cannot have waited for it
        assertThat(get()).isEqualTo("{\"n\":1}");
        assertThat(get()).isEqualTo("{\"n\":1}");
        await().atMost(Duration.ofSeconds(10)).until(() -> computations.get() == 2);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> get().equals("{\"n\":2}"));
        assertThat(computations).hasValue(2);
    }

    private String get() throws Exception {
        Future<String> f = vertx.executeBlocking(() -> null).compose(v -> hub.snapshot(KEY));
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
