package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Separate, bounded executors (issue 11): with the database pool saturated by requests that cannot finish,
 * {@code /health} and login still answer, and database work beyond the bounded queue is refused at once with 503
 * and Retry-After instead of waiting. A bounded burst, asserted by behaviour, not by timing.
 */
class ExecutorIsolationTest {

    @Test
    void healthAndLoginAnswerWhileTheDatabasePoolIsSaturatedAndOverflowGets503() throws Exception {
        // one database thread and one waiting place: easy to saturate for certain
        try (TestPlatform p = new TestPlatform(ApiSettings.defaults().withExecutors(1, 1, 1, 1), Clock.systemUTC())) {
            String token = "Bearer " + p.token("admin");
            WebClient client = WebClient.create(p.vertx);
            try (Connection lock = p.db.dataSource().getConnection();
                    Statement st = lock.createStatement()) {
                // requests that read the enterprises now wait on this lock, holding the only database thread
                lock.setAutoCommit(false);
                st.execute("LOCK TABLE enterprise IN ACCESS EXCLUSIVE MODE");
                CompletableFuture<HttpResponse<Buffer>> stuck = get(client, p, "/api/v1/enterprises", token);
                await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnLock(p) >= 1);

                List<CompletableFuture<HttpResponse<Buffer>>> burst = new ArrayList<>();
                for (int i = 0; i < 5; i++) burst.add(get(client, p, "/api/v1/enterprises", token));
                // one of the burst finds the waiting place; the other four are refused at once
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> burst.stream().filter(f -> f.isDone()).count() == 4);
                List<HttpResponse<Buffer>> refused = burst.stream()
                        .filter(CompletableFuture::isDone)
                        .map(CompletableFuture::join)
                        .toList();
                for (HttpResponse<Buffer> r : refused) {
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.getHeader("Retry-After")).isEqualTo("2");
                    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("busy");
                }

                // meanwhile /health and login have pools of their own
                var health = get(client, p, "/health", null).get(20, TimeUnit.SECONDS);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                var login = client.post(p.server.port(), "127.0.0.1", "/api/v1/auth/login")
                        .sendJsonObject(
                                new JsonObject().put("username", "bureau").put("password", TestPlatform.PASSWORD))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
                assertThat(login.statusCode()).isEqualTo(200);
                assertThat(stuck).isNotDone();

                lock.rollback();
                assertThat(stuck.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                List<HttpResponse<Buffer>> admitted = new ArrayList<>();
                for (var f : burst) {
                    HttpResponse<Buffer> r = f.get(20, TimeUnit.SECONDS);
                    if (r.statusCode() == 200) admitted.add(r);
                }
                assertThat(admitted).hasSize(1);
            } finally {
                client.close();
            }
        }
    }

    private static CompletableFuture<HttpResponse<Buffer>> get(
            WebClient client, TestPlatform p, String path, String auth) {
        var request = client.get(p.server.port(), "127.0.0.1", path);
        if (auth != null) request.putHeader("Authorization", auth);
        return request.send().toCompletionStage().toCompletableFuture();
    }

    private static int waitingOnLock(TestPlatform p) throws Exception {
        try (Connection c = p.db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
