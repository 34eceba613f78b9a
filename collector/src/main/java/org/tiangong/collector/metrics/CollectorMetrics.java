package org.tiangong.collector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.tiangong.collector.buffer.Forwarder;
import org.tiangong.collector.buffer.SampleBuffer;
import org.tiangong.collector.ingest.BatchWriter;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.opcua.EndpointSubscriber;

/**
 * The collector's Prometheus metrics (Micrometer), read from the counters its parts already keep. Names as scraped:
 *
 * <table>
 *   <tr><td>{@code tiangong_collector_samples_received_total{endpoint}}</td><td>notifications received from OPC UA</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_buffered_total}</td><td>samples committed to the disk buffer (gap markers included)</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_stored_total}</td><td>samples newly stored in the database</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_duplicate_total}</td><td>replayed samples the database already had</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_dropped_total}</td><td>samples dropped at the buffer limit (drop-oldest)</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_abandoned_total}</td><td>samples given up at shutdown, not buffered</td></tr>
 *   <tr><td>{@code tiangong_collector_gap_markers_total{endpoint}}</td><td>Bad_NoCommunication samples for lost contact</td></tr>
 *   <tr><td>{@code tiangong_collector_samples_future_time_total{endpoint}}</td><td>samples stored at receive time: source time too far ahead</td></tr>
 *   <tr><td>{@code tiangong_collector_buffer_depth_samples}</td><td>samples in the buffer now</td></tr>
 *   <tr><td>{@code tiangong_collector_buffer_limit_samples}</td><td>the buffer's size limit</td></tr>
 *   <tr><td>{@code tiangong_collector_buffer_oldest_age_seconds}</td><td>age (by source time) of the oldest buffered sample; 0 when empty</td></tr>
 *   <tr><td>{@code tiangong_collector_queue_depth_samples}</td><td>samples in memory, not yet in the buffer</td></tr>
 *   <tr><td>{@code tiangong_collector_reconnects_total{endpoint}}</td><td>sessions re-established</td></tr>
 *   <tr><td>{@code tiangong_collector_subscription_recreations_total{endpoint}}</td><td>subscriptions created again</td></tr>
 *   <tr><td>{@code tiangong_collector_connected{endpoint}}</td><td>1 while the session is active</td></tr>
 *   <tr><td>{@code tiangong_collector_db_write_failures_total}</td><td>failed database writes (each retried)</td></tr>
 *   <tr><td>{@code tiangong_collector_db_failing}</td><td>1 while database writes fail</td></tr>
 *   <tr><td>{@code tiangong_collector_lag_seconds}</td><td>end-to-end lag per stored batch: commit time − newest source time (count, sum, max)</td></tr>
 * </table>
 */
public final class CollectorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer lag;
    // Micrometer holds function meters' objects weakly: keep them here
    private final Object[] held;
    private final Supplier<List<EndpointSubscriber>> subscribers;
    /** Per endpoint name: the subscriber its meters read now, and the meters (removed when the endpoint goes). */
    private final Map<String, EndpointMeters> endpoints = new HashMap<>();

    private static final class EndpointMeters {
        volatile EndpointSubscriber current;
        final List<Meter> meters = new ArrayList<>();
    }

    /**
     * @param subscribers the endpoints collected now; asked at every scrape, so endpoints added or removed through
     *                    the platform (hot reload) appear and disappear in the metrics
     */
    public CollectorMetrics(
            SampleQueue queue,
            SampleBuffer buffer,
            BatchWriter appender,
            Forwarder forwarder,
            Supplier<List<EndpointSubscriber>> subscribers,
            Clock clock) {
        this.held = new Object[] {queue, buffer, appender, forwarder};
        this.subscribers = subscribers;
        MeterRegistry r = registry;
        refreshEndpoints();
        counter(
                r,
                "tiangong.collector.samples.buffered",
                "samples committed to the disk buffer",
                buffer,
                SampleBuffer::appended,
                null);
        counter(
                r,
                "tiangong.collector.samples.stored",
                "samples newly stored in the database",
                forwarder,
                f -> f.stats().stored(),
                null);
        counter(
                r,
                "tiangong.collector.samples.duplicate",
                "replayed samples the database already had",
                forwarder,
                f -> f.stats().duplicates(),
                null);
        counter(
                r,
                "tiangong.collector.samples.dropped",
                "samples dropped at the buffer limit",
                buffer,
                SampleBuffer::dropped,
                null);
        counter(
                r,
                "tiangong.collector.samples.abandoned",
                "samples given up at shutdown before reaching the buffer",
                appender,
                a -> a.stats().abandoned(),
                null);
        counter(
                r,
                "tiangong.collector.db.write.failures",
                "failed database writes, each retried",
                forwarder,
                f -> f.stats().failedWrites(),
                null);
        Gauge.builder("tiangong.collector.db.failing", forwarder, f -> f.stats().failing() ? 1 : 0)
                .description("1 while database writes fail")
                .register(r);
        Gauge.builder("tiangong.collector.buffer.depth", buffer, SampleBuffer::depth)
                .description("samples in the disk buffer")
                .baseUnit("samples")
                .register(r);
        Gauge.builder("tiangong.collector.buffer.limit", buffer, SampleBuffer::maxSamples)
                .description("the disk buffer's size limit")
                .baseUnit("samples")
                .register(r);
        Gauge.builder(
                        "tiangong.collector.buffer.oldest.age",
                        buffer,
                        b -> b.oldestTime()
                                .map(t -> Math.max(
                                        0, Duration.between(t, clock.instant()).toMillis() / 1000.0))
                                .orElse(0.0))
                .description("age by source time of the oldest buffered sample")
                .baseUnit("seconds")
                .register(r);
        Gauge.builder("tiangong.collector.queue.depth", queue, SampleQueue::depth)
                .description("samples in memory, not yet in the buffer")
                .baseUnit("samples")
                .register(r);
        this.lag = Timer.builder("tiangong.collector.lag")
                .description("end-to-end lag per stored batch: commit time minus the newest source time")
                .register(r);
    }

    /** For the forwarder: one lag per stored batch. */
    public void recordLag(Duration d) {
        lag.record(d);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        refreshEndpoints();
        return registry.scrape();
    }

    /** Meters for endpoints that appeared, none for those gone; a replaced subscriber is read from now on. */
    private synchronized void refreshEndpoints() {
        Map<String, EndpointSubscriber> now = new HashMap<>();
        for (EndpointSubscriber s : subscribers.get()) now.put(s.name(), s);
        for (var it = endpoints.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now.containsKey(e.getKey())) continue;
            e.getValue().meters.forEach(registry::remove);
            it.remove();
        }
        for (var e : now.entrySet()) {
            EndpointMeters m = endpoints.get(e.getKey());
            if (m != null) {
                m.current = e.getValue();
                continue;
            }
            m = new EndpointMeters();
            m.current = e.getValue();
            endpoints.put(e.getKey(), m);
            register(m, e.getKey());
        }
    }

    private void register(EndpointMeters m, String e) {
        MeterRegistry r = registry;
        m.meters.add(counter(
                r,
                "tiangong.collector.samples.received",
                "notifications received from OPC UA",
                m,
                x -> x.current.stats().received(),
                e));
        m.meters.add(counter(
                r,
                "tiangong.collector.gap.markers",
                "Bad_NoCommunication samples written for lost contact",
                m,
                x -> x.current.stats().gapMarkers(),
                e));
        m.meters.add(counter(
                r,
                "tiangong.collector.samples.future.time",
                "samples stored at receive time because their source time was too far ahead",
                m,
                x -> x.current.stats().futureTimestamps(),
                e));
        m.meters.add(counter(
                r,
                "tiangong.collector.reconnects",
                "OPC UA sessions re-established",
                m,
                x -> x.current.stats().reconnects(),
                e));
        m.meters.add(counter(
                r,
                "tiangong.collector.subscription.recreations",
                "subscriptions created again after the server lost them",
                m,
                x -> x.current.stats().recreations(),
                e));
        m.meters.add(Gauge.builder(
                        "tiangong.collector.connected",
                        m,
                        x -> x.current.stats().connected() ? 1 : 0)
                .description("1 while the OPC UA session is active")
                .tag("endpoint", e)
                .register(r));
    }

    public MeterRegistry registry() {
        return registry;
    }

    private static <T> Meter counter(
            MeterRegistry r, String name, String help, T obj, ToDoubleFunction<T> f, String endpoint) {
        FunctionCounter.Builder<T> b = FunctionCounter.builder(name, obj, f).description(help);
        if (endpoint != null) b.tag("endpoint", endpoint);
        return b.register(r);
    }
}
