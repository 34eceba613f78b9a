package org.tiangong.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the executable jar: {@code java -jar tiangong.jar <command>}. */
@Command(
        name = "tiangong",
        mixinStandardHelpOptions = true,
        version = "Tiangong (天工) 0.1.0",
        description = "Tiangong (天工) industrial internet platform for metal-products plants.",
        subcommands = {
            DemoCommand.class,
            SimulateCommand.class,
            CollectCommand.class,
            IngestCommand.class,
            ApiCommand.class,
            MigrateCommand.class,
            AdminCommand.class
        })
public final class TiangongCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new TiangongCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .execute(args);
        if (code != 0) System.exit(code);
    }
}
