package org.tiangong.collector.sim;

import org.tiangong.analytics.model.MachineKind;

/**
 * Every parameter of one simulated machine's random process, resolved (a plant file's value or the default of its
 * kind, {@link #defaults}). Times are minutes because that is how maintenance people state MTBF and MTTR; the
 * process converts them.
 *
 * @param idealCycleTimeSeconds the fastest possible cycle; actual cycles average {@code ideal / performance}
 * @param mtbfMinutes           mean running time between failures (exponential time to failure while running)
 * @param mttrMinutes           mean duration of a fault
 * @param scrapRate             fraction of completed parts that are scrap, in [0, 1)
 * @param cycleJitter           relative standard deviation of the cycle time
 * @param performance           ideal ÷ mean cycle time, in (0, 1]: speed losses
 * @param ratedPowerKw          electrical power while running
 * @param nominalProcessValue   the kind's process value while running: spindle load %, press force kN,
 *                              weld current A, or the furnace setpoint °C
 * @param idleEveryMinutes      mean running time between short stops (waiting for material or an operator)
 * @param idleMinutes           mean duration of such a stop
 * @param setupEveryMinutes     mean running time between changeovers
 * @param setupMinutes          mean duration of a changeover
 * @param startupMinutes        mean time the machine stays off when the simulation starts (0: starts idle)
 * @param heatUpMinutes         furnaces: time constant of heating toward the setpoint
 * @param coolDownMinutes       furnaces: time constant of cooling toward ambient while off or in fault
 */
public record ProcessParameters(
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

    /**
     * A safety net for parameters built in code; files are checked earlier, with key paths, by {@link PlantFile}.
     * Zero durations would let the process switch states forever without simulated time passing.
     */
    public ProcessParameters {
        requirePositive(idealCycleTimeSeconds, "idealCycleTimeSeconds");
        requirePositive(mtbfMinutes, "mtbfMinutes");
        requirePositive(mttrMinutes, "mttrMinutes");
        requirePositive(performance, "performance");
        requirePositive(ratedPowerKw, "ratedPowerKw");
        requirePositive(nominalProcessValue, "nominalProcessValue");
        requirePositive(idleEveryMinutes, "idleEveryMinutes");
        requirePositive(idleMinutes, "idleMinutes");
        requirePositive(setupEveryMinutes, "setupEveryMinutes");
        requirePositive(setupMinutes, "setupMinutes");
        requirePositive(heatUpMinutes, "heatUpMinutes");
        requirePositive(coolDownMinutes, "coolDownMinutes");
        if (!(scrapRate >= 0 && scrapRate < 1)) throw new IllegalArgumentException("scrapRate must be in [0, 1)");
        if (!(cycleJitter >= 0 && cycleJitter <= 0.5))
            throw new IllegalArgumentException("cycleJitter must be in [0, 0.5]");
        if (performance > 1) throw new IllegalArgumentException("performance must be at most 1");
        if (!(startupMinutes >= 0) || Double.isInfinite(startupMinutes)) {
            throw new IllegalArgumentException("startupMinutes must be zero or positive");
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /**
     * Plausible parameters for each kind of machine, used for every key a plant file leaves out. The numbers are
     * typical for small and medium metal-products plants: a vertical machining centre (15 kW spindle, cycles of a
     * minute or two), an open-frame 160 t stamping press (JH21-160: 15 kW main motor, working force around 1 000 kN,
     * a stroke every few seconds), an arc-welding robot cell (about 220 A) and a 75 kW box-type hardening furnace
     * (RJX-75-9, setpoint around 860 °C, batches of half an hour).
     */
    public static ProcessParameters defaults(MachineKind kind) {
        return switch (kind) {
            case CNC -> new ProcessParameters(90, 480, 25, 0.02, 0.05, 0.95, 15, 65, 90, 6, 360, 30, 1, 30, 120);
            // die changes make press setups long and frequent compared with the short strokes
            case PRESS -> new ProcessParameters(4, 300, 15, 0.01, 0.05, 0.92, 15, 1050, 45, 4, 240, 40, 1, 30, 120);
            case WELDER -> new ProcessParameters(45, 400, 20, 0.015, 0.06, 0.95, 12, 220, 60, 5, 480, 20, 1, 30, 120);
            // a furnace runs batches at a fixed recipe time, fails rarely but needs long repairs and reheating
            case FURNACE ->
                new ProcessParameters(1800, 1440, 60, 0.005, 0.01, 0.98, 75, 860, 240, 15, 1440, 30, 1, 30, 120);
        };
    }

    public ProcessParameters withIdealCycleTimeSeconds(double seconds) {
        return new ProcessParameters(
                seconds,
                mtbfMinutes,
                mttrMinutes,
                scrapRate,
                cycleJitter,
                performance,
                ratedPowerKw,
                nominalProcessValue,
                idleEveryMinutes,
                idleMinutes,
                setupEveryMinutes,
                setupMinutes,
                startupMinutes,
                heatUpMinutes,
                coolDownMinutes);
    }

    public ProcessParameters withReliability(double mtbf, double mttr) {
        return new ProcessParameters(
                idealCycleTimeSeconds,
                mtbf,
                mttr,
                scrapRate,
                cycleJitter,
                performance,
                ratedPowerKw,
                nominalProcessValue,
                idleEveryMinutes,
                idleMinutes,
                setupEveryMinutes,
                setupMinutes,
                startupMinutes,
                heatUpMinutes,
                coolDownMinutes);
    }

    public ProcessParameters withStartupMinutes(double minutes) {
        return new ProcessParameters(
                idealCycleTimeSeconds,
                mtbfMinutes,
                mttrMinutes,
                scrapRate,
                cycleJitter,
                performance,
                ratedPowerKw,
                nominalProcessValue,
                idleEveryMinutes,
                idleMinutes,
                setupEveryMinutes,
                setupMinutes,
                minutes,
                heatUpMinutes,
                coolDownMinutes);
    }
}
