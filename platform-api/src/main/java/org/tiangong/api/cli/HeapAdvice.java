package org.tiangong.api.cli;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without a heap limit the JVM takes up to a quarter of the machine's memory, and a burst of heavy queries fills it.
 * Each command has a documented default heap ({@link #DEFAULTS}, and for the collector {@link #EXTRA_FLAGS}: README,
 * "Memory"; the same options are in
 * docker-compose.yml and, as container limits of twice the heap with the image's {@code -XX:MaxRAMPercentage=50}, in
 * deploy/k8s, which DeploymentFilesTest checks against this table). When none was given (-Xmx or
 * -XX:MaxRAMPercentage, on the command line or in JAVA_TOOL_OPTIONS), this says so once at start, with the default.
 */
final class HeapAdvice {

    private static final Logger log = LoggerFactory.getLogger(HeapAdvice.class);

    /** The documented heap of each long-running command, as an {@code -Xmx} value. */
    static final Map<String, String> DEFAULTS = Map.of(
            "api", "1g",
            "demo", "1g",
            "ingest", "512m",
            "collect", "128m",
            "simulate", "256m",
            "migrate", "256m",
            "admin", "256m");

    /**
     * Flags beyond the heap for commands that must stay small: the edge collector's, measured at 10 000 monitored
     * items to keep its RSS at 214 MiB while it stores 40 000 samples/s (docs/benchmarks.md, "Collector footprint"):
     * without them the metaspace, code cache, thread stacks and Netty's direct buffers grow it past 256 MiB.
     */
    static final Map<String, String> EXTRA_FLAGS = Map.of(
            "collect",
            "-XX:MaxMetaspaceSize=96m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m "
                    + "-XX:MaxDirectMemorySize=64m");

    private HeapAdvice() {}

    /** The documented JVM options of {@code command}, as docker-compose.yml gives them in JAVA_TOOL_OPTIONS. */
    static String javaToolOptions(String command) {
        String heap = "-Xmx" + DEFAULTS.getOrDefault(command, "512m");
        String extra = EXTRA_FLAGS.get(command);
        return extra == null ? heap : heap + " " + extra;
    }

    /** Logs the heap limit of {@code command}, or a warning naming its documented options when there is none. */
    static void check(String command) {
        check(command, javaToolOptions(command));
    }

    /** As {@link #check(String)}, with the recommendation given. */
    static void check(String command, String recommended) {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        long maxMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (limited(args)) {
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

    /** Whether the JVM's arguments (JAVA_TOOL_OPTIONS included) set a heap limit. */
    static boolean limited(List<String> jvmArguments) {
        return jvmArguments.stream()
                .anyMatch(a -> a.startsWith("-Xmx")
                        || a.startsWith("-XX:MaxRAMPercentage")
                        || a.startsWith("-XX:MaxHeapSize"));
    }
}
