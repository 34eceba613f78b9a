package org.tiangong.collector.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;

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

    /**
     * Variables as a PLC gateway of another make names them, under {@code Controller}: units in the names and in
     * their EngineeringUnits, not the platform's (milliseconds, watts, watt-hours), so automap has to convert.
     */
    static Map<String, NodeId> controllerVariables(MachineKind kind) {
        Map<String, NodeId> v = new LinkedHashMap<>();
        v.put("CycleTimeMs", NodeIds.Double);
        v.put("PartsScrap", NodeIds.UInt32);
        v.put("PowerW", NodeIds.Double);
        v.put("EnergyWh", NodeIds.Double);
        // a torque where the platform wants a percentage: a unit automap cannot convert
        if (kind == MachineKind.CNC) v.put("SpindleLoadNm", NodeIds.Double);
        return v;
    }

    /** An EngineeringUnits entry (OPC UA EUInformation with a UNECE common code). */
    record Unit(String uneceCode, String symbol, String description) {
        /** The unitId OPC UA derives from the UNECE code: its characters, 8 bits each. */
        int unitId() {
            int id = 0;
            for (char c : uneceCode.toCharArray()) id = (id << 8) | c;
            return id;
        }
    }

    /** The EngineeringUnits of the companion variables that have one, by the variable's identifier below the machine. */
    static Map<String, Unit> units(MachineKind kind) {
        Map<String, Unit> u = new LinkedHashMap<>();
        u.put("Vendor/LastCycleTime", new Unit("SEC", "s", "second"));
        if (kind == MachineKind.CNC) u.put("Vendor/SpindleLoad", new Unit("P1", "%", "percent"));
        u.put("Vendor/ActivePower", new Unit("KWT", "kW", "kilowatt"));
        u.put("Vendor/EnergyCounter", new Unit("KWH", "kWh", "kilowatt hour"));
        u.put("Controller/CycleTimeMs", new Unit("C26", "ms", "millisecond"));
        u.put("Controller/PowerW", new Unit("WTT", "W", "watt"));
        u.put("Controller/EnergyWh", new Unit("WHR", "Wh", "watt hour"));
        if (kind == MachineKind.CNC) u.put("Controller/SpindleLoadNm", new Unit("NU", "N·m", "newton metre"));
        return u;
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
        out.put(
                blocks + "MachineryItemState/CurrentState",
                new Value(new Variant(LocalizedText.english(ITEM_STATE_NAMES[item])), item));
        out.put(blocks + "MachineryItemState/CurrentState/Number", new Value(new Variant(uint(item)), item));
        out.put(
                blocks + "MachineryOperationMode/CurrentState",
                new Value(new Variant(LocalizedText.english(OPERATION_MODE_NAMES[mode])), mode));
        out.put(blocks + "MachineryOperationMode/CurrentState/Number", new Value(new Variant(uint(mode)), mode));
        out.put(
                base + "/Production/ProductionPlan/Job-1/RunsCompleted",
                new Value(new Variant(uint(s.partsGood() & 0xFFFF_FFFFL)), s.partsGood() & 0xFFFF_FFFFL));
        String vendor = base + "/Vendor/";
        out.put(
                vendor + "ScrapParts",
                new Value(new Variant(uint(s.partsScrap() & 0xFFFF_FFFFL)), s.partsScrap() & 0xFFFF_FFFFL));
        out.put(vendor + "LastCycleTime", new Value(new Variant(s.cycleTimeSeconds()), s.cycleTimeSeconds()));
        String process =
                vendorVariables(kindOf(s)).keySet().stream().skip(2).findFirst().orElseThrow();
        out.put(vendor + process, new Value(new Variant(s.processValue()), s.processValue()));
        out.put(vendor + "ActivePower", new Value(new Variant(s.powerKw()), s.powerKw()));
        out.put(vendor + "EnergyCounter", new Value(new Variant(s.energyKwh()), s.energyKwh()));
        out.put(vendor + "AlarmNumber", new Value(new Variant(s.alarmCode()), s.alarmCode()));
        String controller = base + "/Controller/";
        double ms = s.cycleTimeSeconds() * 1000, watts = s.powerKw() * 1000, wattHours = s.energyKwh() * 1000;
        out.put(controller + "CycleTimeMs", new Value(new Variant(ms), ms));
        out.put(
                controller + "PartsScrap",
                new Value(new Variant(uint(s.partsScrap() & 0xFFFF_FFFFL)), s.partsScrap() & 0xFFFF_FFFFL));
        out.put(controller + "PowerW", new Value(new Variant(watts), watts));
        out.put(controller + "EnergyWh", new Value(new Variant(wattHours), wattHours));
        if (kindOf(s) == MachineKind.CNC) {
            double torque = s.processValue() * 0.8; // a made-up torque from the spindle load
            out.put(controller + "SpindleLoadNm", new Value(new Variant(torque), torque));
        }
        return out;
    }

    private static MachineKind kindOf(MachineSnapshot s) {
        for (MachineKind k : MachineKind.values()) if (k.processSignal() == s.processSignal()) return k;
        throw new IllegalStateException("no kind for " + s.processSignal());
    }
}
