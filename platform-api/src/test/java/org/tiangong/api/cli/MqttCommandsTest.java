package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The MQTT flags of {@code collect --publish} and {@code ingest}: wrong use fails at start with one clear line. */
class MqttCommandsTest {

    @TempDir
    Path dir;

    static OnboardingTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out, true);
        int code = new CommandLine(new TiangongCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .setOut(pw)
                .setErr(pw)
                .execute(args);
        return new OnboardingTest.Run(code, out.toString());
    }

    @Test
    void publishingNeedsAConfigWithEndpoints() {
        var r = run("collect", "--publish", "mqtt://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("--publish needs --config");
    }

    @Test
    void brokerUrlsAndTrustAreCheckedAtStart() throws Exception {
        var wrongScheme = run("ingest", "--broker", "http://127.0.0.1:1883", "--db", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(wrongScheme.exitCode()).isEqualTo(2);
        assertThat(wrongScheme.out()).contains("expected mqtt://host:port or mqtts://host:port");

        Path ca = dir.resolve("missing-ca.pem");
        var missingCa = run("ingest", "--broker", "mqtts://127.0.0.1:8883", "--mqtt-ca-file", ca.toString());
        assertThat(missingCa.exitCode()).isEqualTo(2);
        assertThat(missingCa.out()).contains("--mqtt-ca-file").contains("cannot read");

        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        var noUser = run("ingest", "--broker", "mqtt://127.0.0.1:1883", "--mqtt-password-file", pw.toString());
        assertThat(noUser.exitCode()).isEqualTo(2);
        assertThat(noUser.out()).contains("a password needs a user name").doesNotContain("secret");
    }

    @Test
    void helpNamesTheFlags() {
        assertThat(run("ingest", "--help").out())
                .contains(
                        "--broker",
                        "--group",
                        "--receive-maximum",
                        "--batch-size",
                        "--mqtt-username",
                        "--mqtt-password-file",
                        "--mqtt-ca-file",
                        "--mqtt-client-id",
                        "--mqtt-session-expiry");
        assertThat(run("collect", "--help").out()).contains("--publish", "--mqtt-ca-file");
    }
}
