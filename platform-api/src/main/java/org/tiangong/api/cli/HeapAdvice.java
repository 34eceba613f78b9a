package org.tiangong.api.cli;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without a heap limit the JVM takes up to a quarter of the machine's memory, and a burst of heavy queries fills it.
 * Each command has a documented default (README, "Memory"); when none was given (-Xmx or -XX:MaxRAMPercentage, on the
 * command line or in JAVA_TOOL_OPTIONS), this says so once at start, with the recommended setting.
 */
final class HeapAdvice {

    private static final Logger log = LoggerFactory.getLogger(HeapAdvice.class);

    private HeapAdvice() {}

    static void check(String command, String recommended) {
        boolean limited = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-Xmx")
                        || a.startsWith("-XX:MaxRAMPercentage")
                        || a.startsWith("-XX:MaxHeapSize"));
        long maxMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (limited) {
            log.info("{}: heap limit {} MiB", command, maxMiB);
        } else {
            log.warn(
                    "{}: no heap limit given, the JVM may grow to {} MiB; the documented default for this command is {} "
                            + "(e.g. JAVA_TOOL_OPTIONS=\"{}\")",
                    command,
                    maxMiB,
                    recommended,
                    recommended);
        }
    }
}
