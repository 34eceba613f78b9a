package org.tiangong.collector.sim;

import org.tiangong.analytics.model.MachineKind;

/**
 * Plausible parameters for each kind of machine, used for every key a plant file leaves out. The numbers are
 * typical for small and medium metal-products plants: a vertical machining centre (15 kW spindle, cycles of a
 * minute or two), an open-frame 160 t stamping press (JH21-160: 15 kW main motor, working force around 1 000 kN,
 * a stroke every few seconds), an arc-welding robot cell (about 220 A) and a 75 kW box-type hardening furnace
 * (RJX-75-9, setpoint around 860 °C, batches of half an hour).
 */
record KindDefaults(
        double idealCycleTimeSeconds,
        double mtbfMinutes,
        double mttrMinutes,
        double scrapRate,
        double cycleJitter,
        double performance,
        double ratedPowerKw,
        double nominalProcessValue,
        double idleEveryMinutes,
        double idleMinutes,
        double setupEveryMinutes,
        double setupMinutes,
        double startupMinutes,
        double heatUpMinutes,
        double coolDownMinutes) {

    static KindDefaults of(MachineKind kind) {
        return switch (kind) {
            case CNC -> new KindDefaults(90, 480, 25, 0.02, 0.05, 0.95, 15, 65,
                    90, 6, 360, 30, 1, 30, 120);
            // die changes make press setups long and frequent compared with the short strokes
            case PRESS -> new KindDefaults(4, 300, 15, 0.01, 0.05, 0.92, 15, 1050,
                    45, 4, 240, 40, 1, 30, 120);
            case WELDER -> new KindDefaults(45, 400, 20, 0.015, 0.06, 0.95, 12, 220,
                    60, 5, 480, 20, 1, 30, 120);
            // a furnace runs batches at a fixed recipe time, fails rarely but needs long repairs and reheating
            case FURNACE -> new KindDefaults(1800, 1440, 60, 0.005, 0.01, 0.98, 75, 860,
                    240, 15, 1440, 30, 1, 30, 120);
        };
    }
}
