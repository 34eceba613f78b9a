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
import java.util.Set;
import java.util.stream.Collectors;
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

/** The subscriber against the simulator, a real Milo OPC UA server; no database. */
class EndpointSubscriberTest {

    @TempDir
    Path certificates;

    PlantSimulator simulator;
    EndpointSubscriber subscriber;
    BatchWriter drain;
    final List<Sample> collected = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (subscriber != null) subscriber.close();
        if (drain != null) drain.close();
        if (simulator != null) simulator.close();
    }

    @Test
    void connectsOnceTheServerComesUpAndCollectsEveryMappedNode() {
        simulator = new PlantSimulator(FastPlant.threeMachines(100), SimulatorOptions.forTests(certificates)).start();
        simulator.stopServer();
        Map<String, Integer> nodes = cncNodes();
        SampleQueue queue = collectingQueue(10_000);
        subscriber = new EndpointSubscriber(settings(nodes), queue).start();

        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !subscriber.stats().connected() && collected.isEmpty());
        simulator.startServer();

        await().atMost(Duration.ofSeconds(20)).until(() -> signalIds().containsAll(nodes.values()));
        assertThat(subscriber.stats().connected()).isTrue();
        assertThat(subscriber.stats().nodesNotMonitored()).isZero();
        assertThat(signalIds()).isSubsetOf(nodes.values());
        assertThat(collected).allSatisfy(s -> assertThat(s.status()).isZero());
    }

    @Test
    void nodesTheServerDoesNotHaveAreCountedAndTheOthersCollected() {
        simulator = new PlantSimulator(FastPlant.threeMachines(100), SimulatorOptions.forTests(certificates)).start();
        Map<String, Integer> nodes = new LinkedHashMap<>(cncNodes());
        nodes.put("nsu=urn:tiangong:sim;s=L1/NO-SUCH-MACHINE/state", 901);
        nodes.put("nsu=urn:nowhere;s=x", 902);
        subscriber = new EndpointSubscriber(settings(nodes), collectingQueue(10_000)).start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> signalIds().containsAll(cncNodes().values()));
        assertThat(subscriber.stats().nodesNotMonitored()).isEqualTo(2);
        assertThat(signalIds()).doesNotContain(901, 902);
    }

    @Test
    void afterTheServerRestartsTheSubscriptionIsCreatedAgainAndDataFlows() {
        simulator = new PlantSimulator(FastPlant.threeMachines(100), SimulatorOptions.forTests(certificates)).start();
        Map<String, Integer> nodes = cncNodes();
        subscriber = new EndpointSubscriber(settings(nodes), collectingQueue(10_000)).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.stats().received() > 20);

        simulator.restartServer();
        Instant restarted = Instant.now();

        // Milo re-establishes a session by itself; the new server does not know our subscription, so the
        // transfer fails and the subscriber creates it again
        await().atMost(Duration.ofSeconds(30))
                .until(() -> collected.stream().anyMatch(s -> s.time().isAfter(restarted.plusSeconds(1))));
        EndpointSubscriber.Stats stats = subscriber.stats();
        assertThat(stats.reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(stats.recreations()).isGreaterThanOrEqualTo(1);
        assertThat(stats.connected()).isTrue();
    }

    Map<String, Integer> cncNodes() {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        for (Map.Entry<CanonicalSignal, String> e :
                simulator.nodeIdsFor("L1", "CNC-01").entrySet()) {
            nodes.put(e.getValue(), e.getKey().ordinal() + 1);
        }
        return nodes;
    }

    EndpointSubscriber.Settings settings(Map<String, Integer> nodes) {
        return new EndpointSubscriber.Settings("sim", simulator.endpointUrl(), 100, 0, 100, nodes);
    }

    SampleQueue collectingQueue(int capacity) {
        SampleQueue queue = new SampleQueue(capacity);
        drain = new BatchWriter(
                        queue,
                        batch -> {
                            collected.addAll(batch);
                            return batch.size();
                        },
                        1000,
                        50)
                .start();
        return queue;
    }

    Set<Integer> signalIds() {
        synchronized (collected) {
            return collected.stream().map(Sample::signalId).collect(Collectors.toSet());
        }
    }
}
