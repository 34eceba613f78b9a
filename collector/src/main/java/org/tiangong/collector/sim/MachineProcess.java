package org.tiangong.collector.sim;

import java.util.Map;
import java.util.Random;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachineState;

/**
 * The seeded random process of one machine, stepped by simulated time. Pure: no clock, no threads, no OPC UA, so
 * it runs as well at one step per second behind the simulator's server as at thousands of steps per second to
 * back-fill history.
 *
 * <p>States follow a small event-driven model. While running, three exponential clocks run down: time to failure
 * (mean MTBF), to a short stop (idle) and to a changeover (setup); the first to expire decides the next state.
 * Faults last an exponential time with mean MTTR and raise an alarm code; a machine comes back from a fault or from
 * being off through a short idle period. Parts complete only while running, one per cycle (ideal cycle time ÷
 * performance, with jitter, never faster than ideal); a small fraction is scrap. A cycle interrupted by a stop
 * resumes where it left off. Furnaces heat toward their setpoint whenever they are on and cool toward ambient when
 * off or in fault, and do not start a batch while cold. Power depends on the state; the energy meter integrates
 * it exactly over every state segment.
 *
 * <p>Two random streams keep the process reproducible: state changes, cycle times and scrap draw from {@code events}
 * only when an event happens, so the state trajectory is the same whatever the step size; measurement noise draws
 * from {@code noise}, a fixed number of draws per step. Not thread-safe: one owner steps it.
 */
public final class MachineProcess {

    static final double AMBIENT_CELSIUS = 25;

    private static final double EPSILON = 1e-9;
    /** A furnace further below its setpoint than this heats at full power. */
    private static final double FURNACE_HOLD_BAND = 5;
    /** A furnace further below its setpoint than this does not start a batch; it checks again a minute later. */
    private static final double FURNACE_READY_BAND = 20;

    private static final double FURNACE_RECHECK_SECONDS = 60;
    private static final double POWER_NOISE = 0.03;

    /**
     * Alarm codes per kind, raised at random when a fault starts. CNC: spindle overload, tool breakage, coolant low,
     * axis servo. Press: die misfeed, overload protection, lubrication. Welder: wire feed, arc failure, shielding
     * gas pressure, torch collision. Furnace: thermocouple, over-temperature, heating element.
     */
    private static final Map<MachineKind, int[]> ALARMS = Map.of(
            MachineKind.CNC, new int[] {1001, 1002, 1003, 1004},
            MachineKind.PRESS, new int[] {2001, 2002, 2003},
            MachineKind.WELDER, new int[] {3001, 3002, 3003, 3004},
            MachineKind.FURNACE, new int[] {4001, 4002, 4003});

    private final MachineDefinition machine;
    private final ProcessParameters params;
    private final Random events;
    private final Random noise;

    private double elapsedSeconds;
    private MachineState state;
    /** Seconds left in a timed state (off, idle, setup, fault); unused while running. */
    private double stateRemaining;
    /** Running seconds left until each running-time event. */
    private double untilFailure;

    private double untilShortStop;
    private double untilChangeover;
    private double cycleDuration;
    private double cycleRemaining;
    private long partsGood;
    private long partsScrap;
    private double lastCycleTime;
    private double temperature;
    private double energyKwh;
    private int alarmCode;
    /** What the counters and the meter show minus what was made (a preset, or older retentive values restored). */
    private long partsShift;

    private double kwhShift;
    private MachineSnapshot snapshot;

    public MachineProcess(MachineDefinition machine, long plantSeed) {
        this.machine = machine;
        this.params = machine.process();
        long seed = seedFor(plantSeed, machine.code());
        this.events = new Random(seed);
        // a different but equally deterministic stream, so noise never shifts the event sequence
        this.noise = new Random(Long.rotateLeft(seed, 32) ^ 0x5DEECE66DL);

        untilFailure = exponential(params.mtbfMinutes() * 60);
        untilShortStop = exponential(params.idleEveryMinutes() * 60);
        untilChangeover = exponential(params.setupEveryMinutes() * 60);
        startCycle();
        // plant furnaces are kept hot around the clock; a cold start would keep one idle for hours
        temperature = machine.kind() == MachineKind.FURNACE ? params.nominalProcessValue() : AMBIENT_CELSIUS;
        if (params.startupMinutes() > 0) {
            state = MachineState.OFF;
            stateRemaining = exponential(params.startupMinutes() * 60);
        } else {
            state = MachineState.IDLE;
            stateRemaining = exponential(params.idleMinutes() * 60);
        }
        snapshot = measure(1 + POWER_NOISE * (2 * noise.nextDouble() - 1));
    }

    /** Each machine's seed: distinct per machine code, and the same on every run and every JVM. */
    public static long seedFor(long plantSeed, String machineCode) {
        return plantSeed * 31 + machineCode.hashCode();
    }

    public MachineDefinition machine() {
        return machine;
    }

    /** The values after the latest step (or at creation). */
    public MachineSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The part counters and the meter show {@code parts} and {@code kwh} more (negative: less) from now on, while what
     * the machine makes is unchanged: a counter preset, or a PLC restoring older retentive values after a power cut.
     *
     * @throws IllegalArgumentException when a counter or the meter would show less than zero
     */
    public void shiftCounters(long parts, double kwh) {
        if (partsGood + partsShift + parts < 0 || partsScrap + partsShift + parts < 0 || energyKwh + kwhShift + kwh < 0)
            throw new IllegalArgumentException("a counter of " + machine.code() + " would show less than zero");
        partsShift += parts;
        kwhShift += kwh;
        MachineSnapshot s = snapshot;
        snapshot = new MachineSnapshot(
                s.elapsedSeconds(),
                s.state(),
                partsGood + partsShift,
                partsScrap + partsShift,
                s.cycleTimeSeconds(),
                s.processSignal(),
                s.processValue(),
                s.powerKw(),
                round(energyKwh + kwhShift, 1000),
                s.alarmCode());
    }

    /** Advances the process by {@code seconds} of simulated time and returns the new values. */
    public MachineSnapshot step(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and not negative, got " + seconds);
        }
        // one power factor per step: the meter integrates the same power the step reports
        double powerFactor = 1 + POWER_NOISE * (2 * noise.nextDouble() - 1);
        double left = seconds;
        while (left > 0) {
            double d = Math.min(left, Math.max(0, timeToNextEvent()));
            advance(d, powerFactor);
            left -= d;
            fireDueEvents();
        }
        elapsedSeconds += seconds;
        snapshot = measure(powerFactor);
        return snapshot;
    }

    private double timeToNextEvent() {
        if (state == MachineState.RUNNING) {
            return Math.min(Math.min(cycleRemaining, untilFailure), Math.min(untilShortStop, untilChangeover));
        }
        return stateRemaining;
    }

    private void advance(double seconds, double powerFactor) {
        energyKwh += basePowerKw() * powerFactor * seconds / 3600;
        if (machine.kind() == MachineKind.FURNACE) {
            boolean heating = state != MachineState.OFF && state != MachineState.FAULT;
            double target = heating ? params.nominalProcessValue() : AMBIENT_CELSIUS;
            double tau = (heating ? params.heatUpMinutes() : params.coolDownMinutes()) * 60;
            temperature = target + (temperature - target) * Math.exp(-seconds / tau);
        }
        if (state == MachineState.RUNNING) {
            cycleRemaining -= seconds;
            untilFailure -= seconds;
            untilShortStop -= seconds;
            untilChangeover -= seconds;
        } else {
            stateRemaining -= seconds;
        }
    }

    private void fireDueEvents() {
        if (state == MachineState.RUNNING) {
            if (cycleRemaining <= EPSILON) completePart();
            if (untilFailure <= EPSILON) {
                untilFailure = exponential(params.mtbfMinutes() * 60);
                int[] codes = ALARMS.get(machine.kind());
                alarmCode = codes[events.nextInt(codes.length)];
                enter(MachineState.FAULT, exponential(params.mttrMinutes() * 60));
            } else if (untilChangeover <= EPSILON) {
                untilChangeover = exponential(params.setupEveryMinutes() * 60);
                // changeovers follow a procedure: their length varies much less than an exponential would
                enter(MachineState.SETUP, params.setupMinutes() * 60 * (0.7 + 0.6 * events.nextDouble()));
            } else if (untilShortStop <= EPSILON) {
                untilShortStop = exponential(params.idleEveryMinutes() * 60);
                enter(MachineState.IDLE, exponential(params.idleMinutes() * 60));
            }
        } else if (stateRemaining <= EPSILON) {
            switch (state) {
                case OFF, FAULT -> {
                    // power-on or repair is followed by a short idle: restart, first-article check
                    alarmCode = 0;
                    enter(MachineState.IDLE, exponential(params.idleMinutes() * 60));
                }
                case SETUP -> enter(MachineState.RUNNING, 0);
                case IDLE -> {
                    if (machine.kind() == MachineKind.FURNACE
                            && temperature < params.nominalProcessValue() - FURNACE_READY_BAND) {
                        stateRemaining = FURNACE_RECHECK_SECONDS;
                    } else {
                        enter(MachineState.RUNNING, 0);
                    }
                }
                default -> throw new IllegalStateException("no timed exit from " + state);
            }
        }
    }

    private void enter(MachineState next, double seconds) {
        state = next;
        stateRemaining = seconds;
    }

    private void completePart() {
        lastCycleTime = cycleDuration;
        if (events.nextDouble() < params.scrapRate()) {
            partsScrap++;
        } else {
            partsGood++;
        }
        startCycle();
    }

    private void startCycle() {
        double ideal = params.idealCycleTimeSeconds();
        double mean = ideal / params.performance();
        cycleDuration = Math.max(ideal, mean * (1 + params.cycleJitter() * events.nextGaussian()));
        cycleRemaining = cycleDuration;
    }

    private double basePowerKw() {
        double rated = params.ratedPowerKw();
        // "Off" as a machine's OPC UA server reports it: drives off, but the controller that serves OPC UA is on
        // and draws standby power — so the meter keeps moving and a live machine keeps reporting.
        if (state == MachineState.OFF) return rated * 0.015;
        // controls, lights and hydraulics stay on during a fault
        if (state == MachineState.FAULT) return rated * 0.04;
        if (machine.kind() == MachineKind.FURNACE) {
            if (temperature < params.nominalProcessValue() - FURNACE_HOLD_BAND) return rated;
            // holding temperature costs about a third of full power; a load soaks up more
            return rated * (state == MachineState.RUNNING ? 0.7 : 0.35);
        }
        return switch (state) {
            case RUNNING -> rated;
            case SETUP -> rated * 0.25;
            case IDLE ->
                rated
                        * switch (machine.kind()) {
                            case CNC -> 0.20;
                            case PRESS -> 0.35; // the flywheel keeps turning
                            case WELDER -> 0.08;
                            case FURNACE -> 0.35;
                        };
            default -> 0;
        };
    }

    private MachineSnapshot measure(double powerFactor) {
        double gauss = noise.nextGaussian();
        double nominal = params.nominalProcessValue();
        boolean running = state == MachineState.RUNNING;
        double process = switch (machine.kind()) {
            case CNC -> running ? Math.min(150, nominal * (1 + 0.08 * gauss)) : 0;
            case PRESS -> running ? nominal * (1 + 0.03 * gauss) : 0;
            case WELDER -> running ? nominal * (1 + 0.04 * gauss) : 0;
            case FURNACE -> temperature + 1.5 * gauss;
        };
        return new MachineSnapshot(
                elapsedSeconds,
                state,
                partsGood + partsShift,
                partsScrap + partsShift,
                round(lastCycleTime, 100),
                machine.kind().processSignal(),
                round(Math.max(0, process), 10),
                // power to the watt, as a meter reports it: a live machine's power reading keeps moving
                round(basePowerKw() * powerFactor, 1000),
                round(energyKwh + kwhShift, 1000),
                alarmCode);
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - events.nextDouble());
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
