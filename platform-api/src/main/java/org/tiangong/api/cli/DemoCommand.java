package org.tiangong.api.cli;

import java.nio.file.Path;
import org.tiangong.api.accounts.DemoAccounts;
import org.tiangong.api.demo.DemoStack;
import org.tiangong.collector.sim.PlantDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run everything in one process: database (embedded PostgreSQL unless --db), plant simulator, collector and API.")
final class DemoCommand implements Runnable {

    @Mixin
    DbOptions db;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--opcua-port",
            defaultValue = "4840",
            description = "simulator's OPC UA port (default ${DEFAULT-VALUE})")
    int opcUaPort;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "address the API and the simulator listen on (default ${DEFAULT-VALUE}: this machine only; "
                    + "0.0.0.0 for every interface)")
    String host;

    @Mixin
    HttpOptions http;

    @Option(
            names = "--data-dir",
            defaultValue = "tiangong-data",
            description =
                    "where the embedded database and certificates are kept between runs (default ./${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--plant", description = "plant YAML for the simulator (default: the built-in Yongkang plant)")
    Path plantFile;

    @Option(names = "--reset-demo-passwords", description = "give the demo accounts new passwords and print them")
    boolean resetPasswords;

    @Option(
            names = "--history-days",
            defaultValue = "90",
            paramLabel = "DAYS",
            description =
                    "days of simulated history to back-fill in the background on first start; 0 = none (default ${DEFAULT-VALUE})")
    int historyDays;

    @Mixin
    StorageOptions storage;

    @Override
    public void run() {
        HeapAdvice.check("demo", "-Xmx1g");
        PlantDefinition plant = plantFile == null ? PlantDefinition.loadDefault() : PlantDefinition.load(plantFile);
        DemoStack stack;
        try {
            stack = DemoStack.start(
                    new DemoStack.Options(
                            db.urlOrNull(),
                            dataDir,
                            plant,
                            host,
                            port,
                            opcUaPort,
                            resetPasswords,
                            500,
                            historyDays,
                            storage.policy(),
                            http.apply(org.tiangong.api.ApiSettings.defaults()),
                            // the platform's OPC UA certificate, trust list and secret key live in the demo's data
                            // directory
                            // too
                            RuntimeEnvironment.platformFiles(dataDir),
                            RuntimeEnvironment.databasePassword()),
                    http.metrics());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the demo could not start: " + e.getMessage(), e);
        }
        Shutdown.onExit(stack::close);
        printBanner(stack);
        Shutdown.awaitForever();
    }

    private void printBanner(DemoStack stack) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n  天工 Tiangong demo is running\n");
        sb.append("  API        ")
                .append(http.certificate != null || http.pkcs12 != null ? "https" : "http")
                .append("://")
                .append(host.equals("0.0.0.0") ? "localhost" : host)
                .append(':')
                .append(stack.apiPort())
                .append("/health\n");
        sb.append("  OPC UA     ")
                .append(stack.simulator().endpointUrl())
                .append("  (simulated plant: ")
                .append(stack.simulator().plant().enterprise().name())
                .append(")\n");
        sb.append("  Storage    ")
                .append(stack.database().engine().description())
                .append("\n");
        sb.append("  Machines to connect (README: Connect your machine): line ")
                .append(DemoStack.TO_CONNECT_LINE)
                .append(", MT-01 and MT-02 at ")
                .append(stack.simulator().endpointUrl())
                .append(", Basic256Sha256 / SignAndEncrypt, user ")
                .append(stack.machineUser())
                .append(" password ")
                .append(stack.machinePassword())
                .append("\n\n");
        sb.append("  Demo accounts 演示账号 (log in with POST /api/v1/auth/login):\n");
        boolean anyHidden = false;
        for (DemoAccounts.Account a : stack.accounts()) {
            sb.append(String.format(
                    "    %-8s %-14s %s%n",
                    a.username(),
                    a.role().key(),
                    a.password() == null ? "(password printed at first start)" : "password: " + a.password()));
            anyHidden |= a.password() == null;
        }
        if (anyHidden) sb.append("  Lost a password? Restart with --reset-demo-passwords.\n");
        sb.append("  Stop with Ctrl+C.\n");
        System.out.println(sb);
    }
}
