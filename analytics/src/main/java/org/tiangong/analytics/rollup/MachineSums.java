package org.tiangong.analytics.rollup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.telemetry.StateDurations;

/**
 * What one machine did over some stretch of time: seconds in each state, parts counted, energy metered. Sums over
 * disjoint stretches add, which is what lets a window be answered from hourly and minute rollups plus raw edges.
 *
 * @param energyIdleKwh energy metered while the machine was in a state other than running and no data
 */
public record MachineSums(
        double runningSeconds,
        double idleSeconds,
        double setupSeconds,
        double faultSeconds,
        double offSeconds,
        double noDataSeconds,
        double good,
        double scrap,
        double energyKwh,
        double energyRunningKwh,
        double energyIdleKwh) {

    public static final MachineSums ZERO = new MachineSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public MachineSums plus(MachineSums o) {
        return new MachineSums(
                runningSeconds + o.runningSeconds,
                idleSeconds + o.idleSeconds,
                setupSeconds + o.setupSeconds,
                faultSeconds + o.faultSeconds,
                offSeconds + o.offSeconds,
                noDataSeconds + o.noDataSeconds,
                good + o.good,
                scrap + o.scrap,
                energyKwh + o.energyKwh,
                energyRunningKwh + o.energyRunningKwh,
                energyIdleKwh + o.energyIdleKwh);
    }

    /** Seconds per state, keyed as in {@link StateDurations}. */
    public Map<String, Double> secondsByState() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MachineState.OFF.key(), offSeconds);
        m.put(MachineState.IDLE.key(), idleSeconds);
        m.put(MachineState.RUNNING.key(), runningSeconds);
        m.put(MachineState.SETUP.key(), setupSeconds);
        m.put(MachineState.FAULT.key(), faultSeconds);
        m.put(MachineState.NO_DATA.key(), noDataSeconds);
        return m;
    }
}
