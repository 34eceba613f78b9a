package org.tiangong.collector.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;

/**
 * How the simulator names its nodes. All live in namespace {@value #NAMESPACE_URI} with string identifiers:
 * {@code <plant>} (folder), {@code <line>} (folder), {@code <line>/<machine>} (object) and
 * {@code <line>/<machine>/<signal key>} (variable). Clients should refer to them by namespace URI, e.g.
 * {@code nsu=urn:tiangong:sim;s=L1/CNC-01/state}, since the namespace index is the server's choice.
 */
public final class SimNodeIds {

    public static final String NAMESPACE_URI = "urn:tiangong:sim";

    private static final String PREFIX = "nsu=" + NAMESPACE_URI + ";s=";

    private SimNodeIds() {}

    public static String machineId(String lineCode, String machineCode) {
        return lineCode + "/" + machineCode;
    }

    public static String signalId(String lineCode, String machineCode, CanonicalSignal signal) {
        return machineId(lineCode, machineCode) + "/" + signal.key();
    }

    /** The identifier in its namespace-URI form, e.g. {@code nsu=urn:tiangong:sim;s=L1/CNC-01/state}. */
    public static String expanded(String identifier) {
        return PREFIX + identifier;
    }

    /** Accepts either form and returns the bare identifier, e.g. {@code L1/CNC-01/state}. */
    public static String identifierOf(String nodeId) {
        return nodeId.startsWith(PREFIX) ? nodeId.substring(PREFIX.length()) : nodeId;
    }

    /** Every exposed signal of the machine with its node id in namespace-URI form, ready for a collector config. */
    public static Map<CanonicalSignal, String> nodeIdsFor(String lineCode, MachineDefinition machine) {
        Map<CanonicalSignal, String> ids = new LinkedHashMap<>();
        for (CanonicalSignal s : MachineSnapshot.signalsOf(machine.kind())) {
            ids.put(s, expanded(signalId(lineCode, machine.code(), s)));
        }
        return ids;
    }

    /** Every machine's node ids, keyed by its path. */
    static Map<MachinePath, Map<CanonicalSignal, String>> nodeIds(PlantDefinition plant) {
        Map<MachinePath, Map<CanonicalSignal, String>> all = new LinkedHashMap<>();
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (MachineDefinition m : line.machines()) {
                all.put(plant.pathOf(line.code(), m.code()), nodeIdsFor(line.code(), m));
            }
        }
        return all;
    }
}
