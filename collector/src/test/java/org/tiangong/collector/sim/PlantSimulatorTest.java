package org.tiangong.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.tiangong.collector.e2e.FastPlant.fast;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;

class PlantSimulatorTest {

    static final long TICK_MILLIS = 100;

    @TempDir
    Path certificates;

    PlantSimulator simulator;
    OpcUaClient client;

    /** Machines that start running at once and make parts every few ticks, so a short test sees every kind of change. */
    static PlantDefinition fastPlant() {
        MachineDefinition cnc = fast(MachineDefinition.withDefaults("CNC-01", "立式加工中心 1 号", MachineKind.CNC), 0.5);
        MachineDefinition furnace = fast(MachineDefinition.withDefaults("FUR-01", "箱式淬火炉", MachineKind.FURNACE), 2);
        MachineDefinition press = fast(MachineDefinition.withDefaults("PRS-01", "开式压力机", MachineKind.PRESS), 0.3);
        MachineDefinition welder = fast(MachineDefinition.withDefaults("WLD-01", "弧焊机器人", MachineKind.WELDER), 0.8);
        return new PlantDefinition(
                new PlantDefinition.EnterpriseInfo("T-METAL", "测试金属制品有限公司"),
                new PlantDefinition.PlantInfo("P1", "测试一厂", "Asia/Shanghai"),
                new PlantDefinition.SimulationSettings(42, TICK_MILLIS),
                List.of(
                        new PlantDefinition.LineDefinition("L1", "机加工线", List.of(cnc, furnace)),
                        new PlantDefinition.LineDefinition("L2", "冲焊线", List.of(press, welder))));
    }

    @BeforeEach
    void startSimulator() {
        simulator = new PlantSimulator(fastPlant(), SimulatorOptions.forTests(certificates)).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.disconnect();
        simulator.close();
    }

    OpcUaClient connect() throws Exception {
        client = OpcUaClient.create(simulator.endpointUrl());
        client.connect();
        return client;
    }

    NodeId nodeId(String line, String machine, CanonicalSignal signal) {
        return ExpandedNodeId.parse(simulator.nodeIdsFor(line, machine).get(signal))
                .toNodeId(client.getNamespaceTable())
                .orElseThrow();
    }

    List<ReferenceDescription> browse(NodeId node) throws Exception {
        var description = new BrowseDescription(
                node,
                BrowseDirection.Forward,
                NodeIds.HierarchicalReferences,
                true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue()));
        ReferenceDescription[] references = client.browse(description).getReferences();
        return references == null ? List.of() : Arrays.asList(references);
    }

    NodeId child(NodeId parent, String browseName) throws Exception {
        return browse(parent).stream()
                .filter(r -> r.getBrowseName().getName().equals(browseName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + browseName + " under " + parent))
                .getNodeId()
                .toNodeId(client.getNamespaceTable())
                .orElseThrow();
    }

    static double asDouble(Object value) {
        if (value instanceof UInteger u) return u.longValue();
        return ((Number) value).doubleValue();
    }

    static PublishedValue received(String id, DataValue value) {
        return new PublishedValue(
                id,
                value.getSourceTime().getJavaInstant(),
                asDouble(value.getValue().getValue()));
    }

    @Test
    void aClientBrowsesThePlantAndReadsTheStateOfAMachine() throws Exception {
        connect();
        assertThat(simulator.endpointUrl()).isEqualTo("opc.tcp://localhost:" + simulator.port() + "/tiangong");
        int ns = client.getNamespaceTable().getIndex(simulator.namespaceUri()).intValue();

        NodeId plant = child(NodeIds.ObjectsFolder, "P1");
        assertThat(plant).isEqualTo(new NodeId(ns, "P1"));
        assertThat(browse(plant)).extracting(r -> r.getDisplayName().getText()).containsExactly("机加工线", "冲焊线");
        NodeId line = child(plant, "L1");
        assertThat(line).isEqualTo(new NodeId(ns, "L1"));
        NodeId machine = child(line, "CNC-01");
        assertThat(machine).isEqualTo(new NodeId(ns, "L1/CNC-01"));
        assertThat(browse(machine))
                .extracting(r -> r.getBrowseName().getName())
                .containsExactly(
                        "state",
                        "parts_good",
                        "parts_scrap",
                        "cycle_time",
                        "spindle_load",
                        "power",
                        "energy",
                        "alarm_code");
        assertThat(browse(child(line, "FUR-01")))
                .extracting(r -> r.getBrowseName().getName())
                .contains("furnace_temp");

        NodeId state = child(machine, "state");
        assertThat(state)
                .isEqualTo(new NodeId(ns, "L1/CNC-01/state"))
                .isEqualTo(nodeId("L1", "CNC-01", CanonicalSignal.STATE));
        DataValue value = client.readValue(0, TimestampsToReturn.Both, state);
        assertThat(value.getStatusCode().isGood()).isTrue();
        assertThat(value.getValue().getValue()).isInstanceOf(Integer.class);
        assertThat(MachineState.fromCode((Integer) value.getValue().getValue())).isPresent();
        Instant sourceTime = value.getSourceTime().getJavaInstant();
        assertThat(sourceTime).isEqualTo(sourceTime.truncatedTo(ChronoUnit.MILLIS));
        assertThat(simulator.publishedRecord().published("L1/CNC-01/state"))
                .contains(received("L1/CNC-01/state", value));

        List<ReadValueId> dataTypeReads =
                List.of(CanonicalSignal.STATE, CanonicalSignal.PARTS_GOOD, CanonicalSignal.ENERGY).stream()
                        .map(s -> new ReadValueId(
                                nodeId("L1", "CNC-01", s), AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))
                        .toList();
        List<DataValue> dataTypes = List.of(
                client.read(0, TimestampsToReturn.Neither, dataTypeReads).getResults());
        assertThat(dataTypes)
                .extracting(v -> v.getValue().getValue())
                .containsExactly(NodeIds.Int32, NodeIds.UInt32, NodeIds.Double);
    }

    /** Subscribes to the signals and records what arrives, re-creating the subscription when the server lost it. */
    final class Recorder {
        final Map<String, List<PublishedValue>> received = new ConcurrentHashMap<>();
        final OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);

        Recorder(List<String> ids) throws Exception {
            subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
                @Override
                public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
                    // a restarted server knows nothing of the old session: create again, off this callback's thread
                    s.createAsync().thenRun(s::createMonitoredItems);
                }
            });
            subscription.create();
            for (String id : ids) {
                received.put(id, new CopyOnWriteArrayList<>());
                NodeId node = ExpandedNodeId.parse(SimNodeIds.expanded(id))
                        .toNodeId(client.getNamespaceTable())
                        .orElseThrow();
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
                item.setSamplingInterval(0.0);
                item.setQueueSize(uint(20));
                item.setDataValueListener((i, value) -> received.get(id).add(received(id, value)));
                subscription.addMonitoredItem(item);
            }
            subscription.synchronizeMonitoredItems();
        }

        List<PublishedValue> of(String id) {
            return List.copyOf(received.get(id));
        }
    }

    static final List<String> WATCHED = List.of(
            "L1/CNC-01/parts_good", "L1/CNC-01/energy", "L1/FUR-01/furnace_temp", "L2/PRS-01/power", "L2/PRS-01/state");

    /** Received must be a gap-free run of what was published: nothing lost, nothing invented, same timestamps. */
    void assertContiguousRunOfPublished(String id, List<PublishedValue> received) {
        List<PublishedValue> published = simulator.publishedRecord().published(id);
        int start = published.indexOf(received.get(0));
        assertThat(start).as("first value received for %s was published", id).isNotNegative();
        assertThat(published.subList(start, Math.min(published.size(), start + received.size())))
                .as("values of %s", id)
                .containsExactlyElementsOf(received);
    }

    @Test
    void aSubscriptionReceivesExactlyWhatWasPublished() throws Exception {
        connect();
        var recorder = new Recorder(WATCHED);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String id : WATCHED) {
                if (!id.endsWith("state")) assertThat(recorder.of(id)).as(id).hasSizeGreaterThanOrEqualTo(5);
            }
        });

        for (String id : WATCHED) assertContiguousRunOfPublished(id, recorder.of(id));
        assertThat(recorder.of("L1/CNC-01/energy"))
                .extracting(PublishedValue::value)
                .isSorted();
        assertThat(recorder.of("L1/CNC-01/parts_good"))
                .extracting(PublishedValue::value)
                .isSorted();
        assertThat(recorder.of("L1/CNC-01/energy"))
                .extracting(PublishedValue::sourceTime)
                .allSatisfy(t -> assertThat(t).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS)))
                .isSortedAccordingTo(Instant::compareTo);
    }

    @Test
    void afterARestartTheClientReconnectsAndTheMachinesHaveKeptTheirState() throws Exception {
        connect();
        var recorder = new Recorder(WATCHED);
        String energy = "L1/CNC-01/energy";
        String parts = "L1/CNC-01/parts_good";
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        recorder.of(energy).size() >= 3 && recorder.of(parts).size() >= 2);

        simulator.restartServer();
        // Every value stamped later than this was published by the new server: ticks are stamped with their
        // scheduled time, which is never later than the moment they run.
        Instant restarted = Instant.now();

        // reads fail with Bad_SessionIdInvalid or Bad_ConnectionClosed until the client has a session again
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(client.readValue(
                                        0, TimestampsToReturn.Both, nodeId("L1", "CNC-01", CanonicalSignal.STATE))
                                .getStatusCode()
                                .isGood())
                        .isTrue());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(recorder.of(energy))
                        .filteredOn(v -> v.sourceTime().isAfter(restarted))
                        .hasSizeGreaterThanOrEqualTo(3));

        List<PublishedValue> all = recorder.of(energy);
        List<PublishedValue> before =
                all.stream().filter(v -> !v.sourceTime().isAfter(restarted)).toList();
        List<PublishedValue> after =
                all.stream().filter(v -> v.sourceTime().isAfter(restarted)).toList();
        // the new server continues where the old one stopped: the meter, the counters and the clock go on
        assertThat(after.get(0).value())
                .isGreaterThanOrEqualTo(before.get(before.size() - 1).value());
        assertContiguousRunOfPublished(energy, after);
        assertThat(simulator.publishedRecord().published(energy)).containsAll(all);
        List<PublishedValue> partsReceived = recorder.of(parts);
        assertThat(partsReceived).extracting(PublishedValue::value).isSorted();
        assertThat(partsReceived)
                .filteredOn(v -> v.sourceTime().isAfter(restarted))
                .isNotEmpty();
    }

    @Test
    void whileTheServerIsDownNothingIsRecordedAndTheLatestValuesAreOfferedWhenItIsBack() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> simulator.publishedRecord().size() > 0);

        simulator.stopServer();
        Instant stopped = Instant.now();
        assertThat(simulator.isServerRunning()).isFalse();
        int recorded = simulator.publishedRecord().size();
        double stoppedAt = simulator.snapshot("L1", "CNC-01").elapsedSeconds();
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        simulator.snapshot("L1", "CNC-01").elapsedSeconds() >= stoppedAt + 3 * TICK_MILLIS / 1000.0);
        assertThat(simulator.publishedRecord().size()).isEqualTo(recorded);

        Instant restarting = Instant.now();
        simulator.startServer();

        // values that changed while the server was down are offered, stamped when they changed
        assertThat(simulator.publishedRecord().all())
                .filteredOn(
                        v -> v.sourceTime().isAfter(stopped) && v.sourceTime().isBefore(restarting))
                .isNotEmpty();
    }

    @Test
    void theServerAlsoOffersASecuredEndpointWithItsCertificateWhenAsked() throws Exception {
        simulator.close();
        simulator = new PlantSimulator(
                        fastPlant(),
                        SimulatorOptions.forTests(certificates)
                                .withSecurityPolicies(SecurityPolicy.None, SecurityPolicy.Basic256Sha256))
                .start();

        List<EndpointDescription> endpoints =
                DiscoveryClient.getEndpoints(simulator.endpointUrl()).get();

        assertThat(endpoints)
                .extracting(EndpointDescription::getSecurityPolicyUri)
                .contains(SecurityPolicy.None.getUri(), SecurityPolicy.Basic256Sha256.getUri());
        assertThat(endpoints).allSatisfy(e -> {
            assertThat(e.getEndpointUrl()).isEqualTo(simulator.endpointUrl());
            assertThat(e.getServer().getApplicationUri()).isEqualTo("urn:tiangong:sim:server");
            assertThat(e.getServerCertificate().bytesOrEmpty()).isNotEmpty();
        });
    }

    @Test
    void nodeIdsForAMachineNameEveryExposedSignal() {
        assertThat(simulator.nodeIdsFor("L2", "PRS-01"))
                .containsExactly(
                        Map.entry(CanonicalSignal.STATE, "nsu=urn:tiangong:sim;s=L2/PRS-01/state"),
                        Map.entry(CanonicalSignal.PARTS_GOOD, "nsu=urn:tiangong:sim;s=L2/PRS-01/parts_good"),
                        Map.entry(CanonicalSignal.PARTS_SCRAP, "nsu=urn:tiangong:sim;s=L2/PRS-01/parts_scrap"),
                        Map.entry(CanonicalSignal.CYCLE_TIME, "nsu=urn:tiangong:sim;s=L2/PRS-01/cycle_time"),
                        Map.entry(CanonicalSignal.PRESS_FORCE, "nsu=urn:tiangong:sim;s=L2/PRS-01/press_force"),
                        Map.entry(CanonicalSignal.POWER, "nsu=urn:tiangong:sim;s=L2/PRS-01/power"),
                        Map.entry(CanonicalSignal.ENERGY, "nsu=urn:tiangong:sim;s=L2/PRS-01/energy"),
                        Map.entry(CanonicalSignal.ALARM_CODE, "nsu=urn:tiangong:sim;s=L2/PRS-01/alarm_code"));
        assertThat(simulator.nodeIds()).hasSize(4).containsKey(simulator.plant().pathOf("L1", "FUR-01"));
    }
}
