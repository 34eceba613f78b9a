package org.tiangong.api.cli;

import org.tiangong.collector.config.ConfigException;
import picocli.CommandLine;

/** Prints a start-up failure as one line an operator can act on (the config error names file, line and key). */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (e instanceof ConfigException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
            cmd.getErr().println("tiangong: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("tiangong: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
