package org.tiangong.analytics.rollup;

import org.tiangong.analytics.telemetry.StateDurations;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one machine did over some stretch of time: seconds in each state, parts counted, energy metered. Sums over
 * disjoint stretches add, which is what lets a window be answered from hourly and minute rollups plus raw edges.
 *
 * @param energyIdleKwh energy metered while the machine was in a state other than running and no data
 */
public record MachineSums(double runningSeconds, double idleSeconds, double setupSeconds, double faultSeconds,
                          double offSeconds, double noDataSeconds, double good, double scrap,
                          double energyKwh, double energyRunningKwh, double energyIdleKwh) {

    public static final MachineSums ZERO = new MachineSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public MachineSums plus(MachineSums o) {
        return new MachineSums(runningSeconds + o.runningSeconds, idleSeconds + o.idleSeconds, setupSeconds + o.setupSeconds,
                faultSeconds + o.faultSeconds, offSeconds + o.offSeconds, noDataSeconds + o.noDataSeconds,
                good + o.good, scrap + o.scrap, energyKwh + o.energyKwh, energyRunningKwh + o.energyRunningKwh,
                energyIdleKwh + o.energyIdleKwh);
    }

    /** Seconds per state, keyed as in {@link StateDurations}. */
    public Map<String, Double> secondsByState() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("off", offSeconds);
        m.put("idle", idleSeconds);
        m.put("running", runningSeconds);
        m.put("setup", setupSeconds);
        m.put("fault", faultSeconds);
        m.put(StateDurations.NO_DATA, noDataSeconds);
        return m;
    }
}
