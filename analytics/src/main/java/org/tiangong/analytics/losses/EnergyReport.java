package org.tiangong.analytics.losses;

/**
 * Energy over a window from the machine's energy meter.
 *
 * @param kwhPerGoodPart total energy ÷ good parts; null without good parts
 * @param idleKwh        energy drawn while the machine was not running (idle, setup, fault, off)
 */
public record EnergyReport(
        double totalKwh, double runningKwh, double idleKwh, double goodParts, Double kwhPerGoodPart) {

    /** Energy of a group: sums, and kWh per good part from the sums. */
    public static EnergyReport sum(java.util.List<EnergyReport> reports) {
        double total = 0, running = 0, idle = 0, good = 0;
        for (EnergyReport r : reports) {
            total += r.totalKwh();
            running += r.runningKwh();
            idle += r.idleKwh();
            good += r.goodParts();
        }
        return new EnergyReport(total, running, idle, good, good > 0 ? total / good : null);
    }
}
