package org.tiangong.collector.mqtt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A central ingest instance in a JVM process of its own ({@link IngestProcessMain}, the test class path), so that a
 * test can kill it for real: {@link #kill} is {@code Process.destroyForcibly()}, a SIGKILL on Linux, with no shutdown
 * hook, no DISCONNECT and no last PUBACK. Its counters come from its stdout; its log goes to {@code target/}.
 */
final class IngestProcess implements AutoCloseable {

    record Counters(long received, long acknowledged, boolean subscribed) {}

    private final Process process;
    private final Path log;
    private volatile Counters counters = new Counters(0, 0, false);

    private IngestProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::read, "ingest-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static IngestProcess start(
            String brokerUrl, String clientId, String group, String jdbcUrl, int receiveMaximum, Duration flush)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "mqtt-ingest-" + clientId + ".log").toAbsolutePath();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        IngestProcessMain.class.getName(),
                        brokerUrl,
                        clientId,
                        group,
                        jdbcUrl,
                        Integer.toString(receiveMaximum),
                        Long.toString(flush.toMillis()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new IngestProcess(p, log);
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("stats ")) {
                    String[] f = line.split(" ");
                    counters = new Counters(Long.parseLong(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3]));
                } else {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            // the process died: its stdout ends
        }
    }

    Counters counters() {
        if (!process.isAlive()) throw new IllegalStateException("the ingest process exited; see " + log);
        return counters;
    }

    /** SIGKILL: what it holds unacknowledged is the broker's to deliver again. Returns the counters at the kill. */
    Counters kill() throws InterruptedException {
        Counters at = counters;
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("SIGKILL did not end it");
        return at;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
