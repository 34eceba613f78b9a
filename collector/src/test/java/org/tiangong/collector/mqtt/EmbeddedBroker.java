package org.tiangong.collector.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real MQTT 5 broker for the tests and the benchmark: HiveMQ Community Edition (embedded edition, from Maven
 * Central) on a free loopback port, with file persistence in a folder of the test (sessions and queued messages
 * survive {@link #restart}), anonymous usage statistics off (no traffic but loopback).
 *
 * <p>It runs as a <b>separate JVM process</b> (the test class path, {@link EmbeddedBrokerMain}), as a broker does in
 * production: a restart is a real process restart with its persistence read back, and the benchmark can measure
 * the broker's CPU apart from the ingest's.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private EmbeddedBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static EmbeddedBroker start(Path dir) throws Exception {
        return start(dir, freePort());
    }

    public static EmbeddedBroker start(Path dir, int port) throws Exception {
        EmbeddedBroker b = new EmbeddedBroker(dir, port);
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(dir.resolve("conf/config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                  </listeners>
                  <mqtt>
                    <!-- the broker's queue is the second buffer (default 1 000 messages, then it discards) -->
                    <queued-messages><max-queue-size>1000000</max-queue-size><strategy>discard</strategy></queued-messages>
                  </mqtt>
                  <persistence><mode>file</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        // HiveMQ's own logging at INFO (its output goes to target/mqtt-broker-<port>.log)
        Files.writeString(dir.resolve("conf/logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="jetbrains.exodus" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        b.startProcess();
        return b;
    }

    private void startProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedBrokerMain.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) throw new IllegalStateException("the broker exited; see " + log());
                    return accepts();
                });
    }

    /** The broker's output, kept after the test (its folder is temporary). */
    private Path log() {
        return Path.of("target", "mqtt-broker-" + port + ".log").toAbsolutePath();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    /** The broker process, e.g. for its CPU time in the benchmark. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the broker (SIGTERM: HiveMQ shuts down and writes its persistence). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor();
        }
    }

    /** Stops the broker and starts it again on the same port and data folder. */
    public void restart() throws Exception {
        stop();
        startProcess();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
