package org.tiangong.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

class CollectorConfigTest {

    @TempDir
    Path dir;

    @Test
    void theExampleFileMapsEveryMachineAndSignalOfTheSimulatorsDefaultPlant() throws Exception {
        Path example = dir.resolve("example.yaml");
        try (var in = getClass().getClassLoader().getResourceAsStream("collector-example.yaml")) {
            Files.copy(in, example);
        }
        CollectorConfig config = CollectorConfig.load(example);
        assertThat(config.writer()).isEqualTo(CollectorConfig.Writer.defaults());
        assertThat(config.endpoints()).hasSize(1);
        CollectorConfig.Endpoint endpoint = config.endpoints().get(0);
        assertThat(endpoint.url())
                .isEqualTo("opc.tcp://localhost:" + SimulatorOptions.DEFAULT_PORT + SimulatorOptions.DEFAULT_PATH);

        // the simulator is only built, not started: its node ids do not need a server
        PlantSimulator simulator = new PlantSimulator(PlantDefinition.loadDefault(), SimulatorOptions.forTests(dir));
        Map<MachinePath, Map<CanonicalSignal, String>> served = simulator.nodeIds();
        assertThat(endpoint.machines()).hasSize(served.size());
        for (CollectorConfig.Machine m : endpoint.machines()) {
            assertThat(m.signalNodes()).as(m.path()).isEqualTo(served.get(m.machinePath()));
            assertThat(m.machineKind())
                    .as(m.path())
                    .isEqualTo(simulator
                            .plant()
                            .machine(m.machinePath().line(), m.machinePath().machine())
                            .orElseThrow()
                            .kind());
        }
    }

    @Test
    void theConfigGeneratedForASimulatorIsValidAndComplete() {
        PlantSimulator simulator = new PlantSimulator(
                PlantDefinition.loadDefault(), SimulatorOptions.forTests(dir).withPort(4841));
        CollectorConfig config =
                SimulatorCollectorConfig.forSimulator(simulator, 250, CollectorConfig.Writer.defaults());
        CollectorConfig.Endpoint endpoint = config.endpoints().get(0);
        assertThat(endpoint.url()).isEqualTo("opc.tcp://localhost:4841/tiangong");
        assertThat(endpoint.samplingIntervalMillis()).isEqualTo(250.0);
        assertThat(endpoint.machines())
                .extracting(CollectorConfig.Machine::machinePath)
                .containsExactlyElementsOf(simulator.nodeIds().keySet());
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
        assertThat(c.buffer()).isEqualTo(CollectorConfig.Buffer.defaults());
        assertThat(c.buffer().onFullMode()).isEqualTo(org.tiangong.collector.buffer.SampleBuffer.OnFull.DROP_OLDEST);
        assertThat(c.metrics()).isEqualTo(CollectorConfig.Metrics.defaults());
        assertThat(c.maxClockSkew()).isEqualTo(java.time.Duration.ofMinutes(5));
    }

    @Test
    void bufferMetricsAndClockSkewAreReadAndCheckedWithTheirLine() throws Exception {
        String endpoint = "endpoints:\n  - name: a\n    url: opc.tcp://h:4840\n    machines:\n"
                + "      - {path: E/P/L/M, kind: cnc, signals: {state: \"ns=2;s=x\"}}\n";
        CollectorConfig c = load(
                "buffer: {path: /var/lib/tiangong/buf.db, maxSamples: 50000, flushIntervalMillis: 100, onFull: block}\n"
                        + "metrics: {host: 127.0.0.1, port: 9100}\nmaxClockSkewSeconds: 60\n" + endpoint);
        assertThat(c.buffer())
                .isEqualTo(new CollectorConfig.Buffer("/var/lib/tiangong/buf.db", 50_000L, 100L, "block"));
        assertThat(c.metrics()).isEqualTo(new CollectorConfig.Metrics(true, "127.0.0.1", 9100));
        assertThat(c.maxClockSkew()).isEqualTo(java.time.Duration.ofSeconds(60));

        assertThatThrownBy(() -> load("buffer:\n  path: b.db\n  onFull: forget\n" + endpoint))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml:3: key 'buffer.onFull'")
                .hasMessageContaining("drop-oldest or block");
        assertThatThrownBy(() -> load("buffer:\n  maxSamples: 100\n" + endpoint))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml:2: key 'buffer.maxSamples'");
        assertError("buffer: {flushIntervalMillis: 0}\n" + endpoint, "buffer.flushIntervalMillis");
        assertError("buffer: {sizeMb: 5}\n" + endpoint, "sizeMb");
        assertError("metrics: {port: 70000}\n" + endpoint, "metrics.port");
        assertError("maxClockSkewSeconds: -1\n" + endpoint, "maxClockSkewSeconds");
    }

    @Test
    void brokenFilesNameTheFileAndTheKey() {
        String machine = "    machines:\n      - path: E/P/L/M\n        kind: %s\n        signals: {%s: \"%s\"}\n";
        String head = "endpoints:\n  - name: a\n    url: %s\n";
        assertError(
                head.formatted("opc.tcp://h:4840") + machine.formatted("lathe", "state", "ns=2;s=x"),
                "endpoints[0].machines[0].kind");
        assertError(
                head.formatted("opc.tcp://h:4840") + machine.formatted("cnc", "oil_level", "ns=2;s=x"),
                "signals.oil_level");
        assertError(head.formatted("opc.tcp://h:4840") + machine.formatted("cnc", "state", "node 7"), "signals.state");
        assertError(
                head.formatted("http://h:4840") + machine.formatted("cnc", "state", "ns=2;s=x"), "endpoints[0].url");
        assertError("endpoints:\n  - name: a\n    url: opc.tcp://h\n    queueSize: lots\n", "queueSize");
        assertError("endpoint:\n  - name: a\n", "endpoint");
        assertError(
                head.formatted("opc.tcp://h:4840")
                        + "    machines:\n      - path: E/P/M\n        kind: cnc\n        signals: {state: \"ns=2;s=x\"}\n",
                "machines[0].path");
    }

    @Test
    void mappingTheSameMachineOrTheSameNodeTwiceIsAnError() {
        String twoEndpoints = """
                endpoints:
                  - name: a
                    url: opc.tcp://plc-1:4840
                    machines:
                      - {path: E/P/L/M1, kind: cnc, signals: {state: "ns=2;s=M1.State"}}
                  - name: b
                    url: opc.tcp://plc-2:4840
                    machines:
                      - {path: E/P/L/M1, kind: cnc, signals: {state: "ns=2;s=M1.State"}}
                """;
        assertError(twoEndpoints, "endpoints[1].machines[0].path");
        String sameNode = """
                endpoints:
                  - name: a
                    url: opc.tcp://plc-1:4840
                    machines:
                      - {path: E/P/L/M1, kind: cnc, signals: {state: "ns=2;s=M1.State", alarm_code: "ns=2;s=M1.State"}}
                """;
        assertError(sameNode, "endpoints[0].machines[0].signals.alarm_code");
    }

    @Test
    void badUrlsAndNodeIdsAreRefusedWithTheKey() {
        String machine = "    machines:\n      - path: E/P/L/M\n        kind: cnc\n        signals: {state: \"%s\"}\n";
        String head = "endpoints:\n  - name: a\n    url: %s\n";
        assertError(head.formatted("opc.tcp://h:99999") + machine.formatted("ns=2;s=x"), "endpoints[0].url");
        assertError(head.formatted("opc.tcp:///nohost") + machine.formatted("ns=2;s=x"), "endpoints[0].url");
        assertError(head.formatted("opc.tcp://h") + machine.formatted("ns=2;i=abc"), "signals.state");
        assertError(head.formatted("opc.tcp://h") + machine.formatted("ns=2;g=not-a-guid"), "signals.state");
        assertError(head.formatted("opc.tcp://h") + machine.formatted("svr=1;nsu=urn:x;s=y"), "signals.state");
    }

    @Test
    void ipv6AndNamespaceIndexNodeIdsAreAccepted() throws Exception {
        CollectorConfig c = load(
                "endpoints:\n  - name: a\n    url: opc.tcp://[::1]:4840/x\n    machines:\n"
                        + "      - {path: E/P/L/M, kind: welder, signals: {weld_current: \"ns=3;i=1001\", state: \"nsu=urn:x;s=M.State\"}}\n");
        assertThat(c.endpoints().get(0).machines().get(0).signalNodes()).hasSize(2);
    }

    @Test
    void semanticErrorsNameTheLineOfTheKey() {
        String yaml = """
                writer:
                  batchSize: 100
                endpoints:
                  - name: a
                    url: opc.tcp://plc-1:4840
                    machines:
                      - path: E/P/L/M1
                        kind: lathe
                        signals: {state: "ns=2;s=M1.State"}
                """;
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml:8: key 'endpoints[0].machines[0].kind'")
                .hasMessageContaining("cnc, press, welder, furnace");
    }

    @Test
    void signalsTakeThePerNodeSettingsOfPlatformMappings() throws Exception {
        CollectorConfig c = load("""
                endpoints:
                  - name: a
                    url: opc.tcp://plc-1:4840
                    samplingIntervalMillis: 200
                    machines:
                      - path: E/P/L/M1
                        kind: cnc
                        signals:
                          state: {node: "ns=2;s=M1.Mode", samplingIntervalMillis: 50, valueMap: {"0": 0, "1": 2, "7": 4}}
                          cycle_time: {node: "ns=2;s=M1.CycleTimeMs", scale: 0.001, unit: ms}
                          power: {node: "ns=2;s=M1.PowerW", scale: 0.001, offset: -0.5, deadband: 10}
                          parts_good: "ns=2;s=M1.Good"
                """);
        var signals = c.endpoints().get(0).machines().get(0).signals();
        assertThat(signals.get("cycle_time"))
                .isEqualTo(new SignalSource("ns=2;s=M1.CycleTimeMs", 0.001, null, "ms", null, null, null));
        assertThat(signals.get("state").codes()).containsExactlyInAnyOrderEntriesOf(Map.of(0L, 0.0, 1L, 2.0, 7L, 4.0));
        assertThat(signals.get("state").samplingIntervalMillis()).isEqualTo(50.0);
        assertThat(signals.get("power").offset()).isEqualTo(-0.5);
        assertThat(signals.get("parts_good")).isEqualTo(SignalSource.of("ns=2;s=M1.Good"));
        assertThat(c.endpoints().get(0).machines().get(0).signalNodes())
                .containsEntry(CanonicalSignal.CYCLE_TIME, "ns=2;s=M1.CycleTimeMs");
    }

    @Test
    void badPerNodeSettingsNameTheFileTheLineAndTheKey() {
        String head = """
                endpoints:
                  - name: a
                    url: opc.tcp://plc-1:4840
                    machines:
                      - path: E/P/L/M1
                        kind: cnc
                        signals:
                          state: "ns=2;s=M1.State"
                """;
        assertThatThrownBy(() -> load(head + "          cycle_time: {node: \"ns=2;s=T\", scale: .inf}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml:9: key 'endpoints[0].machines[0].signals.cycle_time.scale'");
        assertThatThrownBy(() -> load(
                        head + "          power:\n            node: \"ns=2;s=P\"\n            valueMap: {on: 1}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml:11: key 'endpoints[0].machines[0].signals.power.valueMap.on'")
                .hasMessageContaining("whole numbers");
        assertError(
                head + "          power: {node: \"ns=2;s=P\", samplingIntervalMillis: -1}\n",
                "signals.power.samplingIntervalMillis");
        assertError(head + "          power: {node: \"ns=2;s=P\", deadband: -3}\n", "signals.power.deadband");
        assertError(head + "          power: {scale: 2}\n", "signals.power.node");
        assertError(head + "          power: {node: \"ns=2;s=P\", unit: \"\"}\n", "signals.power.unit");
        assertError(head + "          power: {node: \"ns=2;s=P\", colour: red}\n", "colour");
        // a unit that cannot be converted to the signal's unit (kW), or that disagrees with the scale given too
        assertError(head + "          power: {node: \"ns=2;s=P\", unit: furlong}\n", "signals.power.unit");
        assertThatThrownBy(() -> load(head + "          power: {node: \"ns=2;s=P\", unit: furlong}\n"))
                .hasMessageContaining("cannot be converted to kW");
        assertError(head + "          power: {node: \"ns=2;s=P\", unit: W, scale: 2}\n", "signals.power.unit");
    }

    @Test
    void keysAreFoundAsJsonPointers() {
        assertThat(KeyLines.toPointer("endpoints[0].machines[12].signals.state"))
                .isEqualTo("/endpoints/0/machines/12/signals/state");
        assertThat(KeyLines.toPointer("writer.batchSize")).isEqualTo("/writer/batchSize");
    }

    private void assertError(String yaml, String key) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("collector.yaml")
                .hasMessageContaining(key);
    }

    private CollectorConfig load(String yaml) throws Exception {
        Path f = dir.resolve("collector.yaml");
        Files.writeString(f, yaml);
        return CollectorConfig.load(f);
    }
}
