package org.tiangong.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.tiangong.collector.metrics.MetricsServer;

/**
 * {@code --metrics-port}: the API's requests are timed per route template (not per path), its pools of blocking
 * work report how long tasks waited, and the JVM is there — on a port of its own, as Prometheus text.
 */
class ApiMetricsTest {

    @Test
    void requestsAreTimedPerRouteTemplateAndThePoolsReportTheirWaits() throws Exception {
        ApiMetrics metrics = new ApiMetrics(0);
        Vertx vertx = metrics.newVertx();
        try (Database db = TestDatabases.fresh()) {
            ApiServer server =
                    new ApiServer(vertx, db, ApiSettings.defaults(), Clock.systemUTC()).metrics(metrics.registry());
            server.start("127.0.0.1", 0)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            try (MetricsServer scrape = metrics.serve("127.0.0.1");
                    HttpTestClient http = new HttpTestClient(vertx, server.port())) {
                for (int i = 0; i < 3; i++)
                    assertThat(http.get("/health").status()).isEqualTo(200);
                // two different machines, one route: one timer, labelled by the template
                assertThat(http.get("/api/v1/machines/00000000-0000-0000-0000-000000000001")
                                .status())
                        .isEqualTo(401);
                assertThat(http.get("/api/v1/machines/00000000-0000-0000-0000-000000000002")
                                .status())
                        .isEqualTo(401);

                String text = get("http://127.0.0.1:" + scrape.port() + "/metrics");
                assertThat(count(text, "vertx_http_server_response_time_seconds_count", "route=\"/health\""))
                        .isEqualTo(3);
                assertThat(text).contains("vertx_http_server_response_time_seconds_bucket");
                assertThat(text).doesNotContain("00000000-0000-0000-0000-000000000001");
                // /health ran its check on a pool of its own or answered from memory; the auth pool exists either way
                assertThat(text).contains("executor_idle_seconds_count{name=\"tiangong-db\"");
                assertThat(text).contains("executor_idle_seconds_bucket");
                assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_gc_");
            } finally {
                server.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** The value of the first sample of {@code metric} whose labels contain {@code label}. */
    private static double count(String text, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) if (m.group(1).contains(label)) return Double.parseDouble(m.group(2));
        throw new AssertionError("no " + metric + " with " + label + " in:\n" + text);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
