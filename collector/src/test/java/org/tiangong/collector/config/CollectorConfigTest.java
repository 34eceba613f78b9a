package org.tiangong.collector.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.collector.sim.PlantDefinition;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorConfigTest {

    @TempDir
    Path dir;

    @Test
    void theExampleFileMapsEveryMachineOfTheDefaultPlant() throws Exception {
        Path example = dir.resolve("example.yaml");
        try (var in = getClass().getClassLoader().getResourceAsStream("collector-example.yaml")) {
            Files.copy(in, example);
        }
        CollectorConfig config = CollectorConfig.load(example);
        assertThat(config.endpoints()).hasSize(1);
        assertThat(config.endpoints().get(0).machines()).hasSize(PlantDefinition.loadDefault().machineCount());
        assertThat(config.endpoints().get(0).machines().get(0).signalNodes()).containsKey(CanonicalSignal.SPINDLE_LOAD);
        assertThat(config.writer().batchSize()).isEqualTo(5000);
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws Exception {
        CollectorConfig c = load("""
                endpoints:
                  - name: a
                    url: opc.tcp://plc-7:4840
                    machines:
                      - path: E/P/L/M
                        kind: press
                        signals: {state: "ns=2;s=M.State"}
                """);
        assertThat(c.endpoints().get(0).samplingIntervalMillis()).isEqualTo(500.0);
        assertThat(c.endpoints().get(0).queueSize()).isEqualTo(10);
        assertThat(c.writer().queueCapacity()).isEqualTo(200_000);
    }

    @Test
    void brokenFilesNameTheFileAndTheKey() {
        String machine = "    machines:\n      - path: E/P/L/M\n        kind: %s\n        signals: {%s: \"%s\"}\n";
        String head = "endpoints:\n  - name: a\n    url: %s\n";
        assertError(head.formatted("opc.tcp://h:4840") + machine.formatted("lathe", "state", "ns=2;s=x"), "endpoints[0].machines[0].kind");
        assertError(head.formatted("opc.tcp://h:4840") + machine.formatted("cnc", "oil_level", "ns=2;s=x"), "signals.oil_level");
        assertError(head.formatted("opc.tcp://h:4840") + machine.formatted("cnc", "state", "node 7"), "signals.state");
        assertError(head.formatted("http://h:4840") + machine.formatted("cnc", "state", "ns=2;s=x"), "endpoints[0].url");
        assertError("endpoints:\n  - name: a\n    url: opc.tcp://h\n    queueSize: lots\n", "queueSize");
        assertError("endpoint:\n  - name: a\n", "endpoint");
        assertError(head.formatted("opc.tcp://h:4840") + "    machines:\n      - path: E/P/M\n        kind: cnc\n        signals: {state: \"ns=2;s=x\"}\n",
                "machines[0].path");
    }

    private void assertError(String yaml, String key) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml").hasMessageContaining(key);
    }

    private CollectorConfig load(String yaml) throws Exception {
        Path f = dir.resolve("collector.yaml");
        Files.writeString(f, yaml);
        return CollectorConfig.load(f);
    }
}
