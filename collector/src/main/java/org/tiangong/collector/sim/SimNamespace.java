package org.tiangong.collector.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.tiangong.analytics.model.CanonicalSignal;

/**
 * The plant as an OPC UA address space: Objects → plant folder → line folders → machine objects → one variable per
 * signal (see {@link SimNodeIds}).
 *
 * <p>Signal variables are exception-based (MinimumSamplingInterval 0): instead of Milo's polling
 * {@code SubscriptionModel}, which samples each item on a timer and so can miss a value that lives shorter than its
 * sampling interval, every value set by {@link #publish} goes straight to the monitored items of that node. A
 * collector therefore receives every published change, whatever sampling interval it asked for; that is what lets
 * tests compare stored data with {@link PublishedRecord} exactly. Items on other attributes get their current
 * value once, which is also their last: nothing else in this namespace changes.
 *
 * <p>Setting a value and handing it to items happen under one lock, so an item created while a tick publishes can
 * never receive an older value after a newer one.
 */
final class SimNamespace extends ManagedNamespaceWithLifecycle {

    private static final String ZH = "zh-CN";

    private final PlantDefinition plant;
    private final Map<String, DataValue> initialValues;
    private final Map<String, UaVariableNode> signalNodes = new HashMap<>();
    private final Map<NodeId, Set<DataItem>> valueItems = new HashMap<>();
    private final Set<String> companionMachines;
    /** Companion machines readable only over a secured channel by a named user ({@link SecuredMachineAccess}). */
    private final boolean securedCompanions;

    /**
     * @param initialValues every signal's value by identifier (e.g. {@code L1/CNC-01/state}); the nodes start with
     *                      these, so a restarted server offers what the previous one last had
     */
    SimNamespace(OpcUaServer server, PlantDefinition plant, Map<String, DataValue> initialValues) {
        this(server, plant, initialValues, Set.of());
    }

    /** @param companionMachines {@code <line>/<machine>} of the machines also exposed as Machinery / Machine Tools machines */
    SimNamespace(
            OpcUaServer server,
            PlantDefinition plant,
            Map<String, DataValue> initialValues,
            Set<String> companionMachines) {
        this(server, plant, initialValues, companionMachines, false);
    }

    /** @param securedCompanions the companion machines sit behind a secured endpoint: no None, no anonymous reads */
    SimNamespace(
            OpcUaServer server,
            PlantDefinition plant,
            Map<String, DataValue> initialValues,
            Set<String> companionMachines,
            boolean securedCompanions) {
        super(server, SimNodeIds.NAMESPACE_URI);
        this.plant = plant;
        this.initialValues = Map.copyOf(initialValues);
        this.companionMachines = Set.copyOf(companionMachines);
        this.securedCompanions = securedCompanions;
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    static NodeId dataTypeOf(CanonicalSignal signal) {
        return switch (signal) {
            case STATE, ALARM_CODE -> NodeIds.Int32;
            case PARTS_GOOD, PARTS_SCRAP -> NodeIds.UInt32;
            default -> NodeIds.Double;
        };
    }

    static Variant variantOf(CanonicalSignal signal, double value) {
        return switch (signal) {
            case STATE, ALARM_CODE -> new Variant((int) value);
            // UInt32 wraps like a PLC counter would; the platform computes deltas across rollovers
            case PARTS_GOOD, PARTS_SCRAP -> new Variant(uint(((long) value) & 0xFFFF_FFFFL));
            default -> new Variant(value);
        };
    }

    private synchronized void addNodes() {
        PlantDefinition.PlantInfo info = plant.plant();
        UaFolderNode plantFolder = new UaFolderNode(
                getNodeContext(),
                newNodeId(info.code()),
                newQualifiedName(info.code()),
                new LocalizedText(ZH, info.name()));
        getNodeManager().addNode(plantFolder);
        plantFolder.addReference(
                new Reference(plantFolder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

        for (PlantDefinition.LineDefinition line : plant.lines()) {
            UaFolderNode lineFolder = new UaFolderNode(
                    getNodeContext(),
                    newNodeId(line.code()),
                    newQualifiedName(line.code()),
                    new LocalizedText(ZH, line.name()));
            getNodeManager().addNode(lineFolder);
            plantFolder.addOrganizes(lineFolder);

            for (MachineDefinition machine : line.machines()) {
                UaObjectNode machineNode = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId(SimNodeIds.machineId(line.code(), machine.code())))
                        .setBrowseName(newQualifiedName(machine.code()))
                        .setDisplayName(new LocalizedText(ZH, machine.name()))
                        .setDescription(new LocalizedText(
                                ZH, machine.kind().label() + (machine.model() == null ? "" : " " + machine.model())))
                        .buildAndAdd();
                lineFolder.addOrganizes(machineNode);

                for (CanonicalSignal signal : MachineSnapshot.signalsOf(machine.kind())) {
                    String id = SimNodeIds.signalId(line.code(), machine.code(), signal);
                    DataValue initial = initialValues.get(id);
                    if (initial == null) throw new IllegalStateException("no initial value for " + id);
                    UaVariableNode variable = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(id))
                            .setBrowseName(newQualifiedName(signal.key()))
                            .setDisplayName(LocalizedText.english(signal.key()))
                            .setDescription(LocalizedText.english(signal.key() + " [" + signal.unit() + "]"))
                            .setDataType(dataTypeOf(signal))
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(AccessLevel.READ_ONLY)
                            .setUserAccessLevel(AccessLevel.READ_ONLY)
                            .setMinimumSamplingInterval(0.0)
                            .setValue(initial)
                            .buildAndAdd();
                    machineNode.addComponent(variable);
                    signalNodes.put(id, variable);
                    if (securedCompanions
                            && companionMachines.contains(SimNodeIds.machineId(line.code(), machine.code()))) {
                        variable.getFilterChain().addLast(SecuredMachineAccess.INSTANCE);
                    }
                }
            }
        }
        if (!companionMachines.isEmpty()) new CompanionMachineNodes(this, plant, companionMachines).add();
    }

    /** A node id and a browse name in this namespace (for {@link CompanionMachineNodes}). */
    NodeId nodeId(String id) {
        return newNodeId(id);
    }

    QualifiedName name(String name) {
        return newQualifiedName(name);
    }

    org.eclipse.milo.opcua.stack.core.NamespaceTable namespaceTable() {
        return getServer().getNamespaceTable();
    }

    /** The signal variable of an identifier, or null. */
    UaVariableNode signalNode(String id) {
        return signalNodes.get(id);
    }

    static void link(
            org.eclipse.milo.opcua.sdk.server.nodes.UaNode parent,
            NodeId type,
            org.eclipse.milo.opcua.sdk.server.nodes.UaNode child) {
        parent.addReference(
                new Reference(parent.getNodeId(), type, child.getNodeId().expanded(), true));
    }

    UaObjectNode object(String id, QualifiedName browseName, String display) {
        return new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(browseName)
                .setDisplayName(LocalizedText.english(display))
                .buildAndAdd();
    }

    UaVariableNode staticVariable(
            String id, QualifiedName browseName, NodeId dataType, Variant value, NodeId typeDefinition) {
        return secured(new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(browseName)
                .setDisplayName(LocalizedText.english(browseName.getName()))
                .setDataType(dataType)
                .setTypeDefinition(typeDefinition)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setValue(new DataValue(value))
                .buildAndAdd());
    }

    private UaVariableNode secured(UaVariableNode node) {
        if (securedCompanions) node.getFilterChain().addLast(SecuredMachineAccess.INSTANCE);
        return node;
    }

    /** A variable whose value the simulator publishes (like the plain signals: pushed to monitored items). */
    UaVariableNode signalVariable(String id, QualifiedName browseName, NodeId dataType, NodeId typeDefinition) {
        DataValue initial = initialValues.get(id);
        if (initial == null) throw new IllegalStateException("no initial value for " + id);
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(browseName)
                .setDisplayName(LocalizedText.english(browseName.getName()))
                .setDataType(dataType)
                .setTypeDefinition(typeDefinition)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setMinimumSamplingInterval(0.0)
                .setValue(initial)
                .buildAndAdd();
        signalNodes.put(id, node);
        return secured(node);
    }

    /** Sets a signal's value and hands it to every item monitoring it. */
    synchronized void publish(String signalId, DataValue value) {
        UaVariableNode node = signalNodes.get(signalId);
        if (node == null) throw new IllegalArgumentException("no signal node " + signalId);
        node.setValue(value);
        Set<DataItem> items = valueItems.get(node.getNodeId());
        if (items != null) items.forEach(this::sendCurrentValue);
    }

    private void sendCurrentValue(DataItem item) {
        if (!item.isSamplingEnabled()) return;
        // Read through the address space rather than handing over the DataValue: that applies access rights,
        // index ranges and encodings exactly as a Read would.
        DataValue value = read(
                        new ReadContext(getServer(), item.getSession()),
                        0.0,
                        TimestampsToReturn.Both,
                        List.of(item.getReadValueId()))
                .get(0);
        TimestampsToReturn timestamps = item.getTimestampsToReturn();
        if (timestamps != null) {
            value = AttributeId.Value.isEqual(item.getReadValueId().getAttributeId())
                    ? DataValue.derivedValue(value, timestamps)
                    : DataValue.derivedNonValue(value, timestamps);
        }
        item.setValue(value);
    }

    private boolean isSignalValue(DataItem item) {
        NodeId nodeId = item.getReadValueId().getNodeId();
        return AttributeId.Value.isEqual(item.getReadValueId().getAttributeId())
                && nodeId.getNamespaceIndex().equals(getNamespaceIndex())
                && nodeId.getIdentifier() instanceof String id
                && signalNodes.containsKey(id);
    }

    @Override
    public synchronized void onDataItemsCreated(List<DataItem> dataItems) {
        for (DataItem item : dataItems) {
            if (isSignalValue(item)) {
                valueItems
                        .computeIfAbsent(item.getReadValueId().getNodeId(), k -> new HashSet<>())
                        .add(item);
            }
            // OPC UA Part 4: the first notification of a new item carries the current value
            sendCurrentValue(item);
        }
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        // nothing to do: values are pushed when they change, so a new sampling interval changes nothing
    }

    @Override
    public synchronized void onDataItemsDeleted(List<DataItem> dataItems) {
        for (DataItem item : dataItems) {
            Set<DataItem> items = valueItems.get(item.getReadValueId().getNodeId());
            if (items != null) {
                items.remove(item);
                if (items.isEmpty()) valueItems.remove(item.getReadValueId().getNodeId());
            }
        }
    }

    @Override
    public synchronized void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        for (MonitoredItem item : monitoredItems) {
            // A disabled item forgets its last value; when it is enabled again it must get the current one.
            // For an item that merely switched between sampling and reporting, its filter drops the repeat.
            if (item instanceof DataItem dataItem) sendCurrentValue(dataItem);
        }
    }
}
