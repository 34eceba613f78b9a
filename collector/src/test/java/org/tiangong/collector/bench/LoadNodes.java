package org.tiangong.collector.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.model.CanonicalSignal;

/**
 * How the load publisher names its nodes and how the collector maps them: machine {@code i} (a CNC) has four
 * double-valued signals, so {@code items} monitored items are {@code items / 4} machines.
 */
final class LoadNodes {

    static final String NAMESPACE_URI = "urn:tiangong:bench:load";
    static final List<CanonicalSignal> SIGNALS = List.of(
            CanonicalSignal.CYCLE_TIME, CanonicalSignal.SPINDLE_LOAD, CanonicalSignal.POWER, CanonicalSignal.ENERGY);

    private LoadNodes() {}

    static int machines(int items) {
        return (items + SIGNALS.size() - 1) / SIGNALS.size();
    }

    static String machineCode(int machine) {
        return String.format("M-%05d", machine);
    }

    static String nodeIdentifier(int machine, CanonicalSignal signal) {
        return machineCode(machine) + "/" + signal.key();
    }

    /** Canonical signal key → {@code nsu=…;s=…} node id, for one machine. */
    static Map<String, String> nodesOf(int machine) {
        Map<String, String> out = new LinkedHashMap<>();
        for (CanonicalSignal s : SIGNALS) out.put(s.key(), "nsu=" + NAMESPACE_URI + ";s=" + nodeIdentifier(machine, s));
        return out;
    }
}
