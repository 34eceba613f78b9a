package org.tiangong.collector.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.collector.config.YamlConfigLoader;

/**
 * A simulated plant: who owns it, its lines and machines, and how the simulation runs. Built from YAML by
 * {@link #load(Path)} or {@link #loadDefault()}; every value is validated and defaulted on the way in, so a
 * {@code PlantDefinition} is always usable.
 */
public record PlantDefinition(
        EnterpriseInfo enterprise, PlantInfo plant, SimulationSettings simulation, List<LineDefinition> lines) {

    /** The plant shipped in the jar. */
    public static final String DEFAULT_RESOURCE = "sim/default-plant.yaml";

    public record EnterpriseInfo(String code, String name) {}

    public record PlantInfo(String code, String name, String timeZone) {}

    /**
     * @param seed       one number that makes the whole plant reproducible; each machine derives its own seed from it
     * @param tickMillis how often the server steps the machines and publishes values, wall clock
     */
    public record SimulationSettings(long seed, long tickMillis) {}

    public record LineDefinition(String code, String name, List<MachineDefinition> machines) {
        public LineDefinition {
            machines = List.copyOf(machines);
        }
    }

    public PlantDefinition {
        lines = List.copyOf(lines);
    }

    public static PlantDefinition load(Path file) {
        return new YamlConfigLoader().load(file, PlantFile.class).resolve(file.toString());
    }

    public static PlantDefinition loadDefault() {
        return new YamlConfigLoader()
                .loadResource(DEFAULT_RESOURCE, PlantFile.class)
                .resolve("classpath:" + DEFAULT_RESOURCE);
    }

    /** The layout to register in the database ({@code TopologyRegistry.importTopology}). */
    public TopologySpec toTopology() {
        List<TopologySpec.LineSpec> lineSpecs = lines.stream()
                .map(l -> new TopologySpec.LineSpec(
                        l.code(),
                        l.name(),
                        l.machines().stream()
                                .map(m -> new TopologySpec.MachineSpec(
                                        m.code(),
                                        m.name(),
                                        m.kind(),
                                        m.model(),
                                        m.idealCycleTimeSeconds(),
                                        m.process().ratedPowerKw()))
                                .toList()))
                .toList();
        return new TopologySpec(
                enterprise.code(),
                enterprise.name(),
                List.of(new TopologySpec.PlantSpec(plant.code(), plant.name(), plant.timeZone(), lineSpecs)));
    }

    public Optional<MachineDefinition> machine(String lineCode, String machineCode) {
        return lines.stream()
                .filter(l -> l.code().equals(lineCode))
                .flatMap(l -> l.machines().stream())
                .filter(m -> m.code().equals(machineCode))
                .findFirst();
    }

    /** The machine as the rest of the platform names it: enterprise/plant/line/machine codes. */
    public MachinePath pathOf(String lineCode, String machineCode) {
        return new MachinePath(enterprise.code(), plant.code(), lineCode, machineCode);
    }

    public int machineCount() {
        return lines.stream().mapToInt(l -> l.machines().size()).sum();
    }

    /** The same plant with another tick, e.g. a fast one for tests. */
    public PlantDefinition withTickMillis(long tickMillis) {
        if (tickMillis < PlantFile.MIN_TICK_MILLIS) {
            throw new IllegalArgumentException("tickMillis must be at least " + PlantFile.MIN_TICK_MILLIS);
        }
        return new PlantDefinition(enterprise, plant, new SimulationSettings(simulation.seed(), tickMillis), lines);
    }

    /** The same plant with one more line (e.g. machines a demo leaves for a vendor to connect). */
    public PlantDefinition withLine(LineDefinition line) {
        List<LineDefinition> more = new java.util.ArrayList<>(lines);
        more.add(line);
        return new PlantDefinition(enterprise, plant, simulation, more);
    }

    public PlantDefinition withSeed(long seed) {
        return new PlantDefinition(enterprise, plant, new SimulationSettings(seed, simulation.tickMillis()), lines);
    }
}
