package org.tiangong.collector.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/** The companion machines of {@link SimNamespace}: their nodes under {@code Objects/Machines} (see {@link CompanionNodes}). */
final class CompanionMachineNodes {

    private final SimNamespace ns;
    private final PlantDefinition plant;
    private final Set<String> companionMachines;

    CompanionMachineNodes(SimNamespace ns, PlantDefinition plant, Set<String> companionMachines) {
        this.ns = ns;
        this.plant = plant;
        this.companionMachines = companionMachines;
    }

    /**
     * Objects → Machines (OPC 40001-1) → one object per companion machine, with the parts of OPC 40001-1 Machinery
     * and OPC 40501-1 Machine Tools that automap relies on: Identification (Manufacturer, Model, SerialNumber…),
     * MachineryBuildingBlocks/MachineryItemState and MachineryOperationMode (CurrentState with its Number),
     * Production/ProductionPlan/Job-1 (RunsCompleted, RunsPlanned), and vendor-specific variables under Vendor whose
     * names only a name pattern can map. Browse names carry the companion namespaces; node ids stay in ours.
     * Variables whose values change are published like the plain signals ({@link CompanionNodes}).
     */
    void add() {
        var table = ns.namespaceTable();
        int machinery = table.add(CompanionNodes.MACHINERY_NS).intValue();
        int di = table.add(CompanionNodes.DI_NS).intValue();
        int machineTool = table.add(CompanionNodes.MACHINE_TOOL_NS).intValue();
        UaFolderNode machines = new UaFolderNode(
                ns.getNodeContext(),
                ns.nodeId("Machines"),
                new QualifiedName(machinery, "Machines"),
                LocalizedText.english("Machines"));
        ns.getNodeManager().addNode(machines);
        machines.addReference(
                new Reference(machines.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (MachineDefinition machine : line.machines()) {
                if (!companionMachines.contains(SimNodeIds.machineId(line.code(), machine.code()))) continue;
                String base = CompanionNodes.base(machine.code());
                UaObjectNode root = ns.object(
                        base, new QualifiedName(ns.getNamespaceIndex().intValue(), machine.code()), machine.name());
                machines.addOrganizes(root);

                UaObjectNode ident =
                        ns.object(base + "/Identification", new QualifiedName(di, "Identification"), "Identification");
                root.addComponent(ident);
                Map<String, String> facts = CompanionNodes.identification(machine);
                for (Map.Entry<String, String> f : facts.entrySet()) {
                    SimNamespace.link(
                            ident,
                            NodeIds.HasProperty,
                            ns.staticVariable(
                                    base + "/Identification/" + f.getKey(),
                                    new QualifiedName(di, f.getKey()),
                                    NodeIds.String,
                                    new Variant(f.getValue()),
                                    NodeIds.PropertyType));
                }

                UaObjectNode blocks = ns.object(
                        base + "/MachineryBuildingBlocks",
                        new QualifiedName(machinery, "MachineryBuildingBlocks"),
                        "MachineryBuildingBlocks");
                root.addComponent(blocks);
                for (String machineStateName : List.of("MachineryItemState", "MachineryOperationMode")) {
                    String sm = base + "/MachineryBuildingBlocks/" + machineStateName;
                    UaObjectNode stateMachine =
                            ns.object(sm, new QualifiedName(machinery, machineStateName), machineStateName);
                    blocks.addComponent(stateMachine);
                    UaVariableNode current = ns.signalVariable(
                            sm + "/CurrentState",
                            new QualifiedName(0, "CurrentState"),
                            NodeIds.LocalizedText,
                            NodeIds.FiniteStateVariableType);
                    stateMachine.addComponent(current);
                    SimNamespace.link(
                            current,
                            NodeIds.HasProperty,
                            ns.signalVariable(
                                    sm + "/CurrentState/Number",
                                    new QualifiedName(0, "Number"),
                                    NodeIds.UInt32,
                                    NodeIds.PropertyType));
                }

                UaObjectNode production =
                        ns.object(base + "/Production", new QualifiedName(machineTool, "Production"), "Production");
                root.addComponent(production);
                UaObjectNode planNode = ns.object(
                        base + "/Production/ProductionPlan",
                        new QualifiedName(machineTool, "ProductionPlan"),
                        "ProductionPlan");
                production.addComponent(planNode);
                String job = base + "/Production/ProductionPlan/Job-1";
                UaObjectNode jobNode =
                        ns.object(job, new QualifiedName(ns.getNamespaceIndex().intValue(), "Job-1"), "Job-1");
                SimNamespace.link(planNode, NodeIds.Organizes, jobNode);
                jobNode.addComponent(ns.staticVariable(
                        job + "/Identifier",
                        new QualifiedName(machineTool, "Identifier"),
                        NodeIds.String,
                        new Variant("Job-1"),
                        NodeIds.BaseDataVariableType));
                jobNode.addComponent(ns.staticVariable(
                        job + "/RunsPlanned",
                        new QualifiedName(machineTool, "RunsPlanned"),
                        NodeIds.UInt32,
                        new Variant(uint(100_000)),
                        NodeIds.BaseDataVariableType));
                jobNode.addComponent(ns.signalVariable(
                        job + "/RunsCompleted",
                        new QualifiedName(machineTool, "RunsCompleted"),
                        NodeIds.UInt32,
                        NodeIds.BaseDataVariableType));

                UaFolderNode vendor = new UaFolderNode(
                        ns.getNodeContext(),
                        ns.nodeId(base + "/Vendor"),
                        ns.name("Vendor"),
                        LocalizedText.english("Vendor"));
                ns.getNodeManager().addNode(vendor);
                SimNamespace.link(root, NodeIds.Organizes, vendor);
                for (Map.Entry<String, NodeId> v :
                        CompanionNodes.vendorVariables(machine.kind()).entrySet()) {
                    vendor.addOrganizes(ns.signalVariable(
                            base + "/Vendor/" + v.getKey(),
                            ns.name(v.getKey()),
                            v.getValue(),
                            NodeIds.BaseDataVariableType));
                }
                UaFolderNode controller = new UaFolderNode(
                        ns.getNodeContext(),
                        ns.nodeId(base + "/Controller"),
                        ns.name("Controller"),
                        LocalizedText.english("Controller"));
                ns.getNodeManager().addNode(controller);
                SimNamespace.link(root, NodeIds.Organizes, controller);
                for (Map.Entry<String, NodeId> v :
                        CompanionNodes.controllerVariables(machine.kind()).entrySet()) {
                    controller.addOrganizes(ns.signalVariable(
                            base + "/Controller/" + v.getKey(),
                            ns.name(v.getKey()),
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
            UaVariableNode owner = ns.signalNode(variable);
            if (owner == null) throw new IllegalStateException("no variable " + variable + " for its EngineeringUnits");
            var info = new org.eclipse.milo.opcua.stack.core.types.structured.EUInformation(
                    "http://www.opcfoundation.org/UA/units/un/cefact",
                    u.getValue().unitId(),
                    LocalizedText.english(u.getValue().symbol()),
                    LocalizedText.english(u.getValue().description()));
            SimNamespace.link(
                    owner,
                    NodeIds.HasProperty,
                    ns.staticVariable(
                            variable + "/EngineeringUnits",
                            new QualifiedName(0, "EngineeringUnits"),
                            NodeIds.EUInformation,
                            Variant.ofStruct(info),
                            NodeIds.PropertyType));
        }
    }
}
