package org.tiangong.api.cli;

import java.nio.file.Path;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Serve a simulated metal-products plant as an OPC UA server (Eclipse Milo).")
final class SimulateCommand implements Runnable {

    @Option(names = "--plant", description = "plant YAML (default: the built-in Yongkang plant)")
    Path plantFile;

    @Option(names = "--port", defaultValue = "4840", description = "OPC UA port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--hostname",
            defaultValue = "localhost",
            description = "host name advertised in endpoint URLs (default ${DEFAULT-VALUE})")
    String hostname;

    @Option(
            names = "--cert-dir",
            defaultValue = "tiangong-data/simulator-pki",
            description = "certificate and trust list directory")
    Path certDir;

    @Override
    public void run() {
        HeapAdvice.check("simulate");
        PlantDefinition plant = plantFile == null ? PlantDefinition.loadDefault() : PlantDefinition.load(plantFile);
        PlantSimulator simulator = new PlantSimulator(
                        plant,
                        SimulatorOptions.defaults()
                                .withBind(host, hostname)
                                .withPort(port)
                                .withCertificateDir(certDir))
                .start();
        System.out.println("simulating " + plant.enterprise().name() + " (" + plant.machineCount() + " machines) at "
                + simulator.endpointUrl());
        Shutdown.onExit(simulator::close);
        Shutdown.awaitForever();
    }
}
