package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull flags of {@code collect --publish}: wrong use fails at start with one clear line. */
class EdgePullOptionsTest {

    @TempDir
    Path dir;

    @Test
    void pullingIsForEdgeModeAndNeedsAKey() {
        var noPublish = MqttCommandsTest.run("collect", "--config-from", "https://127.0.0.1/api/v1/edge/config");
        assertThat(noPublish.exitCode()).isEqualTo(2);
        assertThat(noPublish.out()).contains("--config-from is for edge mode");

        var noKey = MqttCommandsTest.run(
                "collect", "--publish", "mqtt://127.0.0.1:1", "--config-from", "https://127.0.0.1/api/v1/edge/config");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.out()).contains("--api-key-file");
    }

    @Test
    void theKeyNeverTravelsInClearToAnotherHost() throws Exception {
        Path key = Files.writeString(dir.resolve("edge.key"), "tge_0123456789_secret\n");
        var clear = MqttCommandsTest.run(
                "collect",
                "--publish",
                "mqtt://127.0.0.1:1",
                "--config-from",
                "http://platform.example/api/v1/edge/config",
                "--api-key-file",
                key.toString());
        assertThat(clear.exitCode()).isEqualTo(2);
        assertThat(clear.out())
                .contains("plain http only to a loopback address")
                .doesNotContain("secret");
    }

    @Test
    void helpNamesTheFlags() {
        assertThat(MqttCommandsTest.run("collect", "--help").out())
                .contains("--config-from", "--api-key-file", "--config-poll");
    }
}
