package org.tiangong.collector.sim;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * The simulator's companion-spec view of a machine (see {@code SimNamespace#addCompanionMachines}): node ids under
 * {@code Machines/<machine>/…} and their values derived from the machine's snapshot.
 *
 * <p>State numbers (CurrentState/Number) used here: MachineryItemState NotAvailable 0, OutOfService 1,
 * NotExecuting 2, Executing 3; MachineryOperationMode None 0, Maintenance 1, Setup 2, Processing 3.
 */
public final class CompanionNodes {

    public static final String MACHINERY_NS = "http://opcfoundation.org/UA/Machinery/";
    public static final String DI_NS = "http://opcfoundation.org/UA/DI/";
    public static final String MACHINE_TOOL_NS = "http://opcfoundation.org/UA/MachineTool/";

    private CompanionNodes() {}

    /** e.g. {@code Machines/MT-01}: the machine object's identifier. */
    public static String base(String machineCode) {
        return "Machines/" + machineCode;
    }

    /** The companion machine's root node id in namespace-URI form, e.g. {@code nsu=urn:tiangong:sim;s=Machines/MT-01}. */
    public static String rootNodeId(String machineCode) {
        return SimNodeIds.expanded(base(machineCode));
    }

    static Map<String, String> identification(MachineDefinition m) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Manufacturer", "Tiangong Machine Tools");
        f.put("Model", m.model() == null ? "TG-" + m.kind().code().toUpperCase(java.util.Locale.ROOT) : m.model());
        f.put("SerialNumber", "SN-" + m.code());
        f.put("ProductInstanceUri", "urn:tiangong:sim:machine:" + m.code());
        return f;
    }

    static Map<String, NodeId> vendorVariables(MachineKind kind) {
        Map<String, NodeId> v = new LinkedHashMap<>();
        v.put("ScrapParts", NodeIds.UInt32);
        v.put("LastCycleTime", NodeIds.Double);
        v.put(vendorProcessName(kind), NodeIds.Double);
        v.put("ActivePower", NodeIds.Double);
        v.put("EnergyCounter", NodeIds.Double);
        v.put("AlarmNumber", NodeIds.Int32);
        return v;
    }

    private static String vendorProcessName(MachineKind kind) {
        return switch (kind) {
            case CNC -> "SpindleLoad";
            case PRESS -> "PressForce";
            case WELDER -> "WeldCurrent";
            case FURNACE -> "FurnaceTemperature";
        };
    }

    static int itemState(MachineState s) {
        return switch (s) {
            case OFF, NO_DATA -> 0;
            case FAULT -> 1;
            case IDLE, SETUP -> 2;
            case RUNNING -> 3;
        };
    }

    static int operationMode(MachineState s) {
        return switch (s) {
            case OFF -> 0;
            case SETUP -> 2;
            default -> 3;
        };
    }

    private static final String[] ITEM_STATE_NAMES = {"NotAvailable", "OutOfService", "NotExecuting", "Executing"};
    private static final String[] OPERATION_MODE_NAMES = {"None", "Maintenance", "Setup", "Processing"};

    /** A published value: the variant the node holds and the double the record compares. */
    record Value(Variant variant, double number) {}

    /** Every changing companion variable of the machine with its value now, keyed by node identifier. */
    static Map<String, Value> values(String machineCode, MachineSnapshot s) {
        String base = base(machineCode);
        Map<String, Value> out = new LinkedHashMap<>();
        int item = itemState(s.state());
        int mode = operationMode(s.state());
        String blocks = base + "/MachineryBuildingBlocks/";
        out.put(blocks + "MachineryItemState/CurrentState", new Value(new Variant(LocalizedText.english(ITEM_STATE_NAMES[item])), item));
        out.put(blocks + "MachineryItemState/CurrentState/Number", new Value(new Variant(uint(item)), item));
        out.put(blocks + "MachineryOperationMode/CurrentState", new Value(new Variant(LocalizedText.english(OPERATION_MODE_NAMES[mode])), mode));
        out.put(blocks + "MachineryOperationMode/CurrentState/Number", new Value(new Variant(uint(mode)), mode));
        out.put(base + "/Production/ProductionPlan/Job-1/RunsCompleted",
                new Value(new Variant(uint(s.partsGood() & 0xFFFF_FFFFL)), s.partsGood() & 0xFFFF_FFFFL));
        String vendor = base + "/Vendor/";
        out.put(vendor + "ScrapParts", new Value(new Variant(uint(s.partsScrap() & 0xFFFF_FFFFL)), s.partsScrap() & 0xFFFF_FFFFL));
        out.put(vendor + "LastCycleTime", new Value(new Variant(s.cycleTimeSeconds()), s.cycleTimeSeconds()));
        String process = vendorVariables(kindOf(s)).keySet().stream().skip(2).findFirst().orElseThrow();
        out.put(vendor + process, new Value(new Variant(s.processValue()), s.processValue()));
        out.put(vendor + "ActivePower", new Value(new Variant(s.powerKw()), s.powerKw()));
        out.put(vendor + "EnergyCounter", new Value(new Variant(s.energyKwh()), s.energyKwh()));
        out.put(vendor + "AlarmNumber", new Value(new Variant(s.alarmCode()), s.alarmCode()));
        return out;
    }

    private static MachineKind kindOf(MachineSnapshot s) {
        for (MachineKind k : MachineKind.values()) if (k.processSignal() == s.processSignal()) return k;
        throw new IllegalStateException("no kind for " + s.processSignal());
    }
}
