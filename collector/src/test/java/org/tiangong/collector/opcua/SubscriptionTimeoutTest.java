package org.tiangong.collector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.Sample;
import org.tiangong.collector.e2e.FastPlant;
import org.tiangong.collector.ingest.BatchWriter;
import org.tiangong.collector.ingest.SampleQueue;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * The back-pressure path to its end: a full queue keeps the listener waiting so long that the server drops the
 * subscription (its lifetime runs out without PublishRequests). Once the queue drains, the server reports
 * Bad_Timeout and the subscriber creates the subscription again.
 */
class SubscriptionTimeoutTest {

    @TempDir
    Path certificates;

    PlantSimulator simulator;
    EndpointSubscriber subscriber;
    BatchWriter drain;

    @AfterEach
    void stop() {
        if (subscriber != null) subscriber.close();
        if (drain != null) drain.close();
        if (simulator != null) simulator.close();
    }

    @Test
    void aSubscriptionTheServerTimedOutWhileTheQueueWasFullIsCreatedAgain() {
        simulator = new PlantSimulator(FastPlant.threeMachines(100), SimulatorOptions.forTests(certificates)).start();
        Map<String, Integer> nodes = new LinkedHashMap<>();
        simulator.nodeIdsFor("L1", "CNC-01").forEach((signal, node) -> nodes.put(node, signal.ordinal() + 1));
        SampleQueue queue = new SampleQueue(5);
        // Milo's server makes any lifetime at least 10 s; asking for less gets exactly that
        subscriber = new EndpointSubscriber(
                        new EndpointSubscriber.Settings("sim", simulator.endpointUrl(), 100, 0, 100, nodes)
                                .withSubscriptionLifetime(Duration.ofSeconds(1)),
                        queue)
                .start();

        await().atMost(Duration.ofSeconds(20)).until(() -> queue.depth() == 5);
        // Nobody drains: the listener waits, Milo sends no PublishRequests and the server's lifetime counter runs
        // out. The queue stays full meanwhile; nothing is dropped on our side.
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(14)).until(() -> queue.depth() == 5);
        assertThat(subscriber.stats().recreations()).isZero();

        Instant resumed = Instant.now();
        List<Sample> collected = Collections.synchronizedList(new ArrayList<>());
        drain = new BatchWriter(
                        queue,
                        batch -> {
                            collected.addAll(batch);
                            return batch.size();
                        },
                        1000,
                        50)
                .start();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> subscriber.stats().recreations() >= 1
                        && collected.stream().anyMatch(s -> s.time().isAfter(resumed.plusSeconds(1))));
        assertThat(queue.blockedMillis()).isGreaterThanOrEqualTo(12_000);
        assertThat(collected.stream().map(Sample::signalId).distinct())
                .contains(CanonicalSignal.ENERGY.ordinal() + 1, CanonicalSignal.POWER.ordinal() + 1);
    }
}
