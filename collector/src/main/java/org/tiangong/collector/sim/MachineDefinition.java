package org.tiangong.collector.sim;

import org.tiangong.analytics.model.MachineKind;

import java.util.Objects;

/**
 * One simulated machine, with every parameter of its random process resolved (YAML value or the default of its
 * kind, see {@link KindDefaults}). Times in the YAML are minutes because that is how maintenance people state MTBF
 * and MTTR; the process converts them.
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
public record MachineDefinition(
        String code,
        String name,
        MachineKind kind,
        String model,
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
     * A safety net for definitions built in code; files are checked earlier, with key paths, by {@link PlantFile}.
     * Zero durations would let the process switch states forever without simulated time passing.
     */
    public MachineDefinition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
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
        if (!(cycleJitter >= 0 && cycleJitter <= 0.5)) throw new IllegalArgumentException("cycleJitter must be in [0, 0.5]");
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

    /** A machine with every parameter at the default of its kind; handy in tests and for quick layouts. */
    public static MachineDefinition withDefaults(String code, String name, MachineKind kind) {
        KindDefaults d = KindDefaults.of(kind);
        return new MachineDefinition(code, name, kind, null, d.idealCycleTimeSeconds(), d.mtbfMinutes(),
                d.mttrMinutes(), d.scrapRate(), d.cycleJitter(), d.performance(), d.ratedPowerKw(),
                d.nominalProcessValue(), d.idleEveryMinutes(), d.idleMinutes(), d.setupEveryMinutes(),
                d.setupMinutes(), d.startupMinutes(), d.heatUpMinutes(), d.coolDownMinutes());
    }

    public MachineDefinition withModel(String model) {
        return new MachineDefinition(code, name, kind, model, idealCycleTimeSeconds, mtbfMinutes, mttrMinutes, scrapRate,
                cycleJitter, performance, ratedPowerKw, nominalProcessValue, idleEveryMinutes, idleMinutes,
                setupEveryMinutes, setupMinutes, startupMinutes, heatUpMinutes, coolDownMinutes);
    }

    public MachineDefinition withIdealCycleTimeSeconds(double seconds) {
        return new MachineDefinition(code, name, kind, model, seconds, mtbfMinutes, mttrMinutes, scrapRate,
                cycleJitter, performance, ratedPowerKw, nominalProcessValue, idleEveryMinutes, idleMinutes,
                setupEveryMinutes, setupMinutes, startupMinutes, heatUpMinutes, coolDownMinutes);
    }

    public MachineDefinition withReliability(double mtbfMinutes, double mttrMinutes) {
        return new MachineDefinition(code, name, kind, model, idealCycleTimeSeconds, mtbfMinutes, mttrMinutes,
                scrapRate, cycleJitter, performance, ratedPowerKw, nominalProcessValue, idleEveryMinutes,
                idleMinutes, setupEveryMinutes, setupMinutes, startupMinutes, heatUpMinutes, coolDownMinutes);
    }

    public MachineDefinition withStartupMinutes(double minutes) {
        return new MachineDefinition(code, name, kind, model, idealCycleTimeSeconds, mtbfMinutes, mttrMinutes,
                scrapRate, cycleJitter, performance, ratedPowerKw, nominalProcessValue, idleEveryMinutes,
                idleMinutes, setupEveryMinutes, setupMinutes, minutes, heatUpMinutes, coolDownMinutes);
    }
}
