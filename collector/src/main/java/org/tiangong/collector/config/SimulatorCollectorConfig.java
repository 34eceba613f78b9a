package org.tiangong.collector.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;

/** Builds the collector config for a running simulator: every machine, every signal it serves. Used by the demo. */
public final class SimulatorCollectorConfig {

    private SimulatorCollectorConfig() {}

    /**
     * With a buffer in a new temporary directory (for tests: it does not outlive the run; the demo passes one in its
     * data directory) and metrics on a free loopback port.
     */
    public static CollectorConfig forSimulator(
            PlantSimulator simulator, double samplingIntervalMillis, CollectorConfig.Writer writer) {
        try {
            return forSimulator(
                    simulator,
                    samplingIntervalMillis,
                    writer,
                    CollectorConfig.Buffer.defaults()
                            .withPath(Files.createTempDirectory("tiangong-collector-")
                                    .resolve("buffer.db")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the collector's buffer", e);
        }
    }

    /** With the given buffer and metrics on a free loopback port. */
    public static CollectorConfig forSimulator(
            PlantSimulator simulator,
            double samplingIntervalMillis,
            CollectorConfig.Writer writer,
            CollectorConfig.Buffer buffer) {
        PlantDefinition plant = simulator.plant();
        List<CollectorConfig.Machine> machines = new ArrayList<>();
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (var m : line.machines()) {
                MachinePath path = plant.pathOf(line.code(), m.code());
                Map<String, String> signals = new LinkedHashMap<>();
                for (Map.Entry<CanonicalSignal, String> e :
                        simulator.nodeIdsFor(line.code(), m.code()).entrySet()) {
                    signals.put(e.getKey().key(), e.getValue());
                }
                machines.add(CollectorConfig.Machine.ofNodes(
                        path.toString(), m.kind().code(), signals));
            }
        }
        CollectorConfig.Endpoint endpoint = new CollectorConfig.Endpoint(
                "simulator",
                simulator.endpointUrl(),
                Math.max(100, samplingIntervalMillis),
                samplingIntervalMillis,
                100,
                machines);
        return new CollectorConfig(writer, buffer, CollectorConfig.Metrics.anyPort(), null, List.of(endpoint))
                .validated("(generated for the simulator)");
    }
}
