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
        if (!companionMachines.isEmpty()) addCompanionMachines();
    }

    /**
     * Objects → Machines (OPC 40001-1) → one object per companion machine, with the parts of OPC 40001-1 Machinery
     * and OPC 40501-1 Machine Tools that automap relies on: Identification (Manufacturer, Model, SerialNumber…),
     * MachineryBuildingBlocks/MachineryItemState and MachineryOperationMode (CurrentState with its Number),
     * Production/ProductionPlan/Job-1 (RunsCompleted, RunsPlanned), and vendor-specific variables under Vendor whose
     * names only a name pattern can map. Browse names carry the companion namespaces; node ids stay in ours.
     * Variables whose values change are published like the plain signals ({@link CompanionNodes}).
     */
    private void addCompanionMachines() {
        var table = getServer().getNamespaceTable();
        int machinery = table.add(CompanionNodes.MACHINERY_NS).intValue();
        int di = table.add(CompanionNodes.DI_NS).intValue();
        int machineTool = table.add(CompanionNodes.MACHINE_TOOL_NS).intValue();
        UaFolderNode machines = new UaFolderNode(
                getNodeContext(),
                newNodeId("Machines"),
                new QualifiedName(machinery, "Machines"),
                LocalizedText.english("Machines"));
        getNodeManager().addNode(machines);
        machines.addReference(
                new Reference(machines.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (MachineDefinition machine : line.machines()) {
                if (!companionMachines.contains(SimNodeIds.machineId(line.code(), machine.code()))) continue;
                String base = CompanionNodes.base(machine.code());
                UaObjectNode root =
                        object(base, new QualifiedName(getNamespaceIndex().intValue(), machine.code()), machine.name());
                machines.addOrganizes(root);

                UaObjectNode ident =
                        object(base + "/Identification", new QualifiedName(di, "Identification"), "Identification");
                root.addComponent(ident);
                Map<String, String> facts = CompanionNodes.identification(machine);
                for (Map.Entry<String, String> f : facts.entrySet()) {
                    link(
                            ident,
                            NodeIds.HasProperty,
                            staticVariable(
                                    base + "/Identification/" + f.getKey(),
                                    new QualifiedName(di, f.getKey()),
                                    NodeIds.String,
                                    new Variant(f.getValue()),
                                    NodeIds.PropertyType));
                }

                UaObjectNode blocks = object(
                        base + "/MachineryBuildingBlocks",
                        new QualifiedName(machinery, "MachineryBuildingBlocks"),
                        "MachineryBuildingBlocks");
                root.addComponent(blocks);
                for (String machineStateName : List.of("MachineryItemState", "MachineryOperationMode")) {
                    String sm = base + "/MachineryBuildingBlocks/" + machineStateName;
                    UaObjectNode stateMachine =
                            object(sm, new QualifiedName(machinery, machineStateName), machineStateName);
                    blocks.addComponent(stateMachine);
                    UaVariableNode current = signalVariable(
                            sm + "/CurrentState",
                            new QualifiedName(0, "CurrentState"),
                            NodeIds.LocalizedText,
                            NodeIds.FiniteStateVariableType);
                    stateMachine.addComponent(current);
                    link(
                            current,
                            NodeIds.HasProperty,
                            signalVariable(
                                    sm + "/CurrentState/Number",
                                    new QualifiedName(0, "Number"),
                                    NodeIds.UInt32,
                                    NodeIds.PropertyType));
                }

                UaObjectNode production =
                        object(base + "/Production", new QualifiedName(machineTool, "Production"), "Production");
                root.addComponent(production);
                UaObjectNode planNode = object(
                        base + "/Production/ProductionPlan",
                        new QualifiedName(machineTool, "ProductionPlan"),
                        "ProductionPlan");
                production.addComponent(planNode);
                String job = base + "/Production/ProductionPlan/Job-1";
                UaObjectNode jobNode =
                        object(job, new QualifiedName(getNamespaceIndex().intValue(), "Job-1"), "Job-1");
                link(planNode, NodeIds.Organizes, jobNode);
                jobNode.addComponent(staticVariable(
                        job + "/Identifier",
                        new QualifiedName(machineTool, "Identifier"),
                        NodeIds.String,
                        new Variant("Job-1"),
                        NodeIds.BaseDataVariableType));
                jobNode.addComponent(staticVariable(
                        job + "/RunsPlanned",
                        new QualifiedName(machineTool, "RunsPlanned"),
                        NodeIds.UInt32,
                        new Variant(uint(100_000)),
                        NodeIds.BaseDataVariableType));
                jobNode.addComponent(signalVariable(
                        job + "/RunsCompleted",
                        new QualifiedName(machineTool, "RunsCompleted"),
                        NodeIds.UInt32,
                        NodeIds.BaseDataVariableType));

                UaFolderNode vendor = new UaFolderNode(
                        getNodeContext(),
                        newNodeId(base + "/Vendor"),
                        newQualifiedName("Vendor"),
                        LocalizedText.english("Vendor"));
                getNodeManager().addNode(vendor);
                link(root, NodeIds.Organizes, vendor);
                for (Map.Entry<String, NodeId> v :
                        CompanionNodes.vendorVariables(machine.kind()).entrySet()) {
                    vendor.addOrganizes(signalVariable(
                            base + "/Vendor/" + v.getKey(),
                            newQualifiedName(v.getKey()),
                            v.getValue(),
                            NodeIds.BaseDataVariableType));
                }
                UaFolderNode controller = new UaFolderNode(
                        getNodeContext(),
                        newNodeId(base + "/Controller"),
                        newQualifiedName("Controller"),
                        LocalizedText.english("Controller"));
                getNodeManager().addNode(controller);
                link(root, NodeIds.Organizes, controller);
                for (Map.Entry<String, NodeId> v :
                        CompanionNodes.controllerVariables(machine.kind()).entrySet()) {
                    controller.addOrganizes(signalVariable(
                            base + "/Controller/" + v.getKey(),
                            newQualifiedName(v.getKey()),
                            v.getValue(),
                            NodeIds.BaseDataVariableType));
                }
                addEngineeringUnits(base, CompanionNodes.units(machine.kind()));
            }
        }
    }

    /** An EngineeringUnits property (EUInformation, UNECE code) on each variable that has a unit. */
    private void addEngineeringUnits(String base, Map<String, CompanionNodes.Unit> units) {
        for (Map.Entry<String, CompanionNodes.Unit> u : units.entrySet()) {
            String variable = base + "/" + u.getKey();
            UaVariableNode owner = signalNodes.get(variable);
            if (owner == null) throw new IllegalStateException("no variable " + variable + " for its EngineeringUnits");
            var info = new org.eclipse.milo.opcua.stack.core.types.structured.EUInformation(
                    "http://www.opcfoundation.org/UA/units/un/cefact",
                    u.getValue().unitId(),
                    LocalizedText.english(u.getValue().symbol()),
                    LocalizedText.english(u.getValue().description()));
            link(
                    owner,
                    NodeIds.HasProperty,
                    staticVariable(
                            variable + "/EngineeringUnits",
                            new QualifiedName(0, "EngineeringUnits"),
                            NodeIds.EUInformation,
                            Variant.ofStruct(info),
                            NodeIds.PropertyType));
        }
    }

    private static void link(
            org.eclipse.milo.opcua.sdk.server.nodes.UaNode parent,
            NodeId type,
            org.eclipse.milo.opcua.sdk.server.nodes.UaNode child) {
        parent.addReference(
                new Reference(parent.getNodeId(), type, child.getNodeId().expanded(), true));
    }

    private UaObjectNode object(String id, QualifiedName browseName, String display) {
        return new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(browseName)
                .setDisplayName(LocalizedText.english(display))
                .buildAndAdd();
    }

    private UaVariableNode staticVariable(
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
    private UaVariableNode signalVariable(String id, QualifiedName browseName, NodeId dataType, NodeId typeDefinition) {
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
