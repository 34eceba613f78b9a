package org.tiangong.collector.sim;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.collector.config.ConfigException;

/**
 * The plant YAML exactly as written: every value optional, so that Jackson reports only what it must (unknown keys,
 * wrong types) and {@link #resolve} can name each missing or impossible value by its key path, the same
 * {@code lines[1].machines[0].kind} form the loader uses. Jackson no longer knows line numbers at this point, so
 * semantic errors carry the key path only.
 */
record PlantFile(Party enterprise, Site plant, Simulation simulation, List<LineEntry> lines) {

    static final long DEFAULT_SEED = 20_260_501L;
    static final long DEFAULT_TICK_MILLIS = 1_000L;
    /** Faster ticks only burn CPU: OPC UA clients rarely sample faster than this anyway. */
    static final long MIN_TICK_MILLIS = 10L;

    static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    /** ASCII codes: they become parts of OPC UA node ids and of enterprise/plant/line/machine paths. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    record Party(String code, String name) {}

    record Site(String code, String name, String timeZone) {}

    record Simulation(Long seed, Long tickMillis) {}

    record LineEntry(String code, String name, List<MachineEntry> machines) {}

    record MachineEntry(
            String code,
            String name,
            String kind,
            String model,
            Double idealCycleTimeSeconds,
            Double mtbfMinutes,
            Double mttrMinutes,
            Double scrapRate,
            Double cycleJitter,
            Double performance,
            Double ratedPowerKw,
            Double nominalProcessValue,
            Double idleEveryMinutes,
            Double idleMinutes,
            Double setupEveryMinutes,
            Double setupMinutes,
            Double startupMinutes,
            Double heatUpMinutes,
            Double coolDownMinutes) {}

    PlantDefinition resolve(String source) {
        var check = new Checker(source);

        check.present(enterprise, "enterprise");
        var enterpriseInfo = new PlantDefinition.EnterpriseInfo(
                check.code(enterprise.code(), "enterprise.code"), check.text(enterprise.name(), "enterprise.name"));

        check.present(plant, "plant");
        String zone = plant.timeZone() == null ? DEFAULT_TIME_ZONE : plant.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw check.fail("plant.timeZone", "'" + zone + "' is not a time zone; expected e.g. Asia/Shanghai");
        }
        var plantInfo = new PlantDefinition.PlantInfo(
                check.code(plant.code(), "plant.code"), check.text(plant.name(), "plant.name"), zone);

        Simulation sim = simulation == null ? new Simulation(null, null) : simulation;
        long seed = sim.seed() == null ? DEFAULT_SEED : sim.seed();
        long tick = sim.tickMillis() == null ? DEFAULT_TICK_MILLIS : sim.tickMillis();
        if (tick < MIN_TICK_MILLIS) {
            throw check.fail(
                    "simulation.tickMillis", "must be at least " + MIN_TICK_MILLIS + " (milliseconds), got " + tick);
        }

        if (lines == null || lines.isEmpty()) throw check.fail("lines", "at least one line is required");
        List<PlantDefinition.LineDefinition> lineDefinitions = new ArrayList<>();
        Map<String, String> lineKeys = new HashMap<>();
        // Machine codes are unique in the whole plant, not just per line: each machine's random seed derives from
        // its code, and people name machines without their line.
        Map<String, String> machineKeys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = "lines[" + i + "]";
            LineEntry line = lines.get(i);
            check.present(line, key);
            String lineCode = check.code(line.code(), key + ".code");
            if (lineCode.equals(plantInfo.code())) {
                // both become string node ids in the same namespace
                throw check.fail(key + ".code", "a line cannot have the plant's code '" + lineCode + "'");
            }
            String previous = lineKeys.putIfAbsent(lineCode, key);
            if (previous != null) {
                throw check.fail(key + ".code", "duplicate line code '" + lineCode + "' (also at " + previous + ")");
            }
            if (line.machines() == null || line.machines().isEmpty()) {
                throw check.fail(key + ".machines", "a line needs at least one machine");
            }
            List<MachineDefinition> machines = new ArrayList<>();
            for (int j = 0; j < line.machines().size(); j++) {
                String machineKey = key + ".machines[" + j + "]";
                MachineDefinition m = resolveMachine(check, line.machines().get(j), machineKey);
                String other = machineKeys.putIfAbsent(m.code(), machineKey);
                if (other != null) {
                    throw check.fail(
                            machineKey + ".code", "duplicate machine code '" + m.code() + "' (also at " + other + ")");
                }
                machines.add(m);
            }
            lineDefinitions.add(new PlantDefinition.LineDefinition(
                    lineCode, line.name() == null ? lineCode : line.name(), machines));
        }
        return new PlantDefinition(
                enterpriseInfo, plantInfo, new PlantDefinition.SimulationSettings(seed, tick), lineDefinitions);
    }

    private static MachineDefinition resolveMachine(Checker check, MachineEntry m, String key) {
        check.present(m, key);
        String code = check.code(m.code(), key + ".code");
        String kinds =
                Arrays.stream(MachineKind.values()).map(MachineKind::code).collect(Collectors.joining(", "));
        if (m.kind() == null || m.kind().isBlank()) throw check.fail(key + ".kind", "is required; one of " + kinds);
        MachineKind kind = MachineKind.fromCode(m.kind())
                .orElseThrow(
                        () -> check.fail(key + ".kind", "unknown kind '" + m.kind() + "'; expected one of " + kinds));
        ProcessParameters d = ProcessParameters.defaults(kind);
        var v = new Values(check, key);
        return new MachineDefinition(
                code,
                m.name() == null ? code : m.name(),
                kind,
                m.model(),
                new ProcessParameters(
                        v.positive(m.idealCycleTimeSeconds(), d.idealCycleTimeSeconds(), "idealCycleTimeSeconds"),
                        v.positive(m.mtbfMinutes(), d.mtbfMinutes(), "mtbfMinutes"),
                        v.positive(m.mttrMinutes(), d.mttrMinutes(), "mttrMinutes"),
                        v.fraction(m.scrapRate(), d.scrapRate(), "scrapRate", 0, true, 1, false),
                        v.fraction(m.cycleJitter(), d.cycleJitter(), "cycleJitter", 0, true, 0.5, true),
                        v.fraction(m.performance(), d.performance(), "performance", 0, false, 1, true),
                        v.positive(m.ratedPowerKw(), d.ratedPowerKw(), "ratedPowerKw"),
                        v.positive(m.nominalProcessValue(), d.nominalProcessValue(), "nominalProcessValue"),
                        v.positive(m.idleEveryMinutes(), d.idleEveryMinutes(), "idleEveryMinutes"),
                        v.positive(m.idleMinutes(), d.idleMinutes(), "idleMinutes"),
                        v.positive(m.setupEveryMinutes(), d.setupEveryMinutes(), "setupEveryMinutes"),
                        v.positive(m.setupMinutes(), d.setupMinutes(), "setupMinutes"),
                        v.nonNegative(m.startupMinutes(), d.startupMinutes(), "startupMinutes"),
                        v.positive(m.heatUpMinutes(), d.heatUpMinutes(), "heatUpMinutes"),
                        v.positive(m.coolDownMinutes(), d.coolDownMinutes(), "coolDownMinutes")));
    }

    /** Builds errors that name the file and the key. */
    private record Checker(String source) {

        ConfigException fail(String key, String problem) {
            return ConfigException.at(source, -1, key, problem);
        }

        void present(Object section, String key) {
            if (section == null) throw fail(key, "is required");
        }

        String text(String value, String key) {
            if (value == null || value.isBlank()) throw fail(key, "is required");
            return value;
        }

        String code(String value, String key) {
            String code = text(value, key);
            if (!CODE.matcher(code).matches()) {
                throw fail(key, "'" + code + "' is not a code; use ASCII letters, digits, '-', '_' or '.'");
            }
            return code;
        }
    }

    /** Numeric machine parameters: the YAML value if given and sensible, else the kind's default. */
    private record Values(Checker check, String machineKey) {

        double positive(Double value, double fallback, String name) {
            if (value == null) return fallback;
            if (!(value > 0) || value.isInfinite())
                throw check.fail(machineKey + "." + name, "must be positive, got " + value);
            return value;
        }

        double nonNegative(Double value, double fallback, String name) {
            if (value == null) return fallback;
            if (!(value >= 0) || value.isInfinite()) {
                throw check.fail(machineKey + "." + name, "must be zero or positive, got " + value);
            }
            return value;
        }

        double fraction(
                Double value,
                double fallback,
                String name,
                double low,
                boolean lowIncluded,
                double high,
                boolean highIncluded) {
            if (value == null) return fallback;
            boolean aboveLow = lowIncluded ? value >= low : value > low;
            boolean belowHigh = highIncluded ? value <= high : value < high;
            if (!aboveLow || !belowHigh) {
                throw check.fail(
                        machineKey + "." + name,
                        "must be in " + (lowIncluded ? "[" : "(") + low + ", " + high + (highIncluded ? "]" : ")")
                                + ", got " + value);
            }
            return value;
        }
    }
}
