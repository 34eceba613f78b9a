package org.tiangong.collector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.metadata.TopologyRegistry;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.ingest.BatchWriter;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.opcua.EndpointSubscriber;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The collector: registers every mapped machine and signal, then streams OPC UA notifications through a bounded
 * queue into batched, idempotent COPY writes. One {@link EndpointSubscriber} per endpoint, one {@link BatchWriter}.
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    private final SampleQueue queue;
    private final BatchWriter writer;
    private final List<EndpointSubscriber> subscribers = new ArrayList<>();

    private Collector(SampleQueue queue, BatchWriter writer) {
        this.queue = queue;
        this.writer = writer;
    }

    /**
     * Registers the configured machines and signals in the database (creating missing enterprise, plant, line and
     * machine rows by code), then starts the writer and one subscriber per endpoint. Returns at once: subscribers
     * connect in the background and keep retrying while a server is not up.
     *
     * @throws SQLException when the machines cannot be registered; nothing has been started then
     */
    public static Collector start(CollectorConfig config, Database database) throws SQLException {
        TopologyRegistry registry = new TopologyRegistry(database.dataSource());
        List<EndpointSubscriber.Settings> endpoints = new ArrayList<>();
        for (CollectorConfig.Endpoint e : config.endpoints()) {
            Map<String, Integer> nodes = new LinkedHashMap<>();
            for (CollectorConfig.Machine m : e.machines()) {
                Map<CanonicalSignal, Integer> ids = registry.registerSignals(m.machinePath(), m.machineKind(), m.signalNodes());
                for (var sn : m.signalNodes().entrySet()) {
                    if (nodes.put(sn.getValue(), ids.get(sn.getKey())) != null) {
                        throw new IllegalArgumentException("endpoint " + e.name() + ": node " + sn.getValue() + " is mapped twice");
                    }
                }
            }
            endpoints.add(new EndpointSubscriber.Settings(e.name(), e.url(), e.publishingIntervalMillis(),
                    e.samplingIntervalMillis(), e.queueSize(), nodes));
        }

        SampleQueue queue = new SampleQueue(config.writer().queueCapacity());
        BatchWriter writer = new BatchWriter(queue, new TelemetryWriter(database.dataSource())::write,
                config.writer().batchSize(), config.writer().flushIntervalMillis()).start();
        Collector collector = new Collector(queue, writer);
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointSubscriber.Settings s = endpoints.get(i);
            collector.subscribers.add(new EndpointSubscriber(s, queue).start());
            log.info("collecting {} nodes of {} machines from endpoint {} ({})", s.nodes().size(),
                    config.endpoints().get(i).machines().size(), s.name(), s.url());
        }
        return collector;
    }

    public BatchWriter.Stats writerStats() {
        return writer.stats();
    }

    public List<EndpointSubscriber.Stats> endpointStats() {
        return subscribers.stream().map(EndpointSubscriber::stats).toList();
    }

    public SampleQueue queue() {
        return queue;
    }

    /** Stops the subscriptions first (no new samples), then writes what is still queued. */
    @Override
    public void close() {
        subscribers.forEach(EndpointSubscriber::close);
        writer.close();
    }
}
