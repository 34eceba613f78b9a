package org.tiangong.api.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.util.EnumSet;
import org.tiangong.collector.metrics.MetricsServer;

/**
 * The API's Prometheus metrics ({@code api --metrics-port}, {@code demo --metrics-port}), served on a port of their
 * own so that they need no login and are not reachable where only the API's port is published:
 * <ul>
 *   <li>{@code vertx_http_server_response_time_seconds} per route template, method and status (Vert.x's own
 *       instrumentation), as a histogram: the time the server spent on a request, from its first byte read to its
 *       response's last byte written — set against a load tool's latency it tells the server's share of a tail;</li>
 *   <li>{@code executor_*} of each pool of blocking work ({@link Blocking#monitoredBy}): queued, active, and
 *       {@code executor_idle_seconds}, the time a task waited for a thread;</li>
 *   <li>the JVM: heap and its pools, GC pauses, threads, CPU.</li>
 * </ul>
 * Route templates, not paths, label the timers, so that their number is bounded by the router's.
 */
public final class ApiMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final int port;

    /** @param port the metrics port; 0 for any free one */
    public ApiMetrics(int port) {
        this.port = port;
        registry.config().meterFilter(histograms());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A Vert.x instance whose HTTP server and pools report to this registry. */
    public Vertx newVertx() {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(false) // bound above, once
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** Starts serving {@code GET /metrics} on {@code host} and this port. */
    public MetricsServer serve(String host) throws IOException {
        return MetricsServer.start(host, port, registry::scrape);
    }

    /** Buckets for the request and pool timers, so that Prometheus can compute any quantile over any window. */
    private static MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String name = id.getName();
                if (name.startsWith("vertx.http.server.response.time") || name.startsWith("executor"))
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .build()
                            .merge(config);
                return config;
            }
        };
    }
}
