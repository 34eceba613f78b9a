package org.tiangong.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.TopologySpec;
import org.tiangong.collector.config.ConfigException;

class PlantDefinitionTest {

    @TempDir
    Path dir;

    static final String VALID = """
            enterprise: {code: T-METAL, name: 测试金属}
            plant: {code: P1, name: 一厂}
            lines:
              - code: L1
                name: 机加工线
                machines:
                  - {code: CNC-01, name: 加工中心, kind: cnc}
                  - {code: PRS-01, name: 压力机, kind: press, idealCycleTimeSeconds: 3, mtbfMinutes: 200, mttrMinutes: 12}
            """;

    Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theDefaultPlantHasTwoLinesAndEveryKindOfMachine() {
        PlantDefinition plant = PlantDefinition.loadDefault();

        assertThat(plant.enterprise().code()).isEqualTo("JH-METAL");
        assertThat(plant.enterprise().name()).contains("浙江");
        assertThat(plant.plant().timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(plant.lines()).hasSize(2);
        assertThat(plant.machineCount()).isGreaterThanOrEqualTo(6);
        assertThat(plant.lines().stream().flatMap(l -> l.machines().stream()).map(MachineDefinition::kind))
                .contains(MachineKind.values());
        assertThat(plant.simulation().tickMillis()).isEqualTo(1000);

        TopologySpec topology = plant.toTopology();
        assertThat(topology.code()).isEqualTo("JH-METAL");
        assertThat(topology.plants()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(plant.plant().code());
            assertThat(p.lines()).extracting(TopologySpec.LineSpec::code).containsExactly("L1", "L2");
            assertThat(p.lines().stream().mapToInt(l -> l.machines().size()).sum())
                    .isEqualTo(plant.machineCount());
        });
        assertThat(topology.plants().get(0).lines().get(0).machines().get(0))
                .isEqualTo(new TopologySpec.MachineSpec(
                        "CNC-01",
                        "立式加工中心 1 号",
                        MachineKind.CNC,
                        "VMC-850",
                        95.0,
                        // the simulated machine's rated power, the default ceiling of its energy meter
                        // (docs/metrics.md)
                        plant.lines().get(0).machines().get(0).process().ratedPowerKw()));
        assertThat(topology.plants().get(0).lines().get(0).machines().get(0).ratedPowerKw())
                .isEqualTo(15.0);
    }

    @Test
    void leftOutValuesTakeTheDefaultsOfTheKindAndOfTheSimulation() throws IOException {
        PlantDefinition plant = PlantDefinition.load(write("plant.yaml", VALID));

        assertThat(plant.plant().timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(plant.simulation().tickMillis()).isEqualTo(1000);
        MachineDefinition cnc = plant.machine("L1", "CNC-01").orElseThrow();
        assertThat(cnc).isEqualTo(MachineDefinition.withDefaults("CNC-01", "加工中心", MachineKind.CNC));
        MachineDefinition press = plant.machine("L1", "PRS-01").orElseThrow();
        assertThat(press.idealCycleTimeSeconds()).isEqualTo(3);
        assertThat(press.process().mtbfMinutes()).isEqualTo(200);
        assertThat(press.process().mttrMinutes()).isEqualTo(12);
        assertThat(press.process().nominalProcessValue())
                .isEqualTo(MachineDefinition.withDefaults("x", "x", MachineKind.PRESS)
                        .process()
                        .nominalProcessValue());
        assertThat(plant.pathOf("L1", "PRS-01").toString()).isEqualTo("T-METAL/P1/L1/PRS-01");
    }

    @Test
    void anUnknownKindNamesTheFileTheKeyAndTheKinds() throws IOException {
        Path file = write("lathe.yaml", VALID.replace("kind: press", "kind: lathe"));

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lathe.yaml")
                .hasMessageContaining("lines[0].machines[1].kind")
                .hasMessageContaining("'lathe'")
                .hasMessageContaining("cnc, press, welder, furnace");
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Path file = write("nokind.yaml", VALID.replace(", kind: cnc", ""));

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nokind.yaml")
                .hasMessageContaining("lines[0].machines[0].kind")
                .hasMessageContaining("required");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsLine() throws IOException {
        Path file = write("badtype.yaml", VALID.replace("mtbfMinutes: 200", "mtbfMinutes: often"));

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("badtype.yaml:8")
                .hasMessageContaining("lines[0].machines[1].mtbfMinutes");
    }

    @Test
    void aMisspelledKeyIsNamed() throws IOException {
        Path file = write("typo.yaml", VALID.replace("mttrMinutes: 12", "mttr: 12"));

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("lines[0].machines[1].mttr");
    }

    @Test
    void machineCodesAreUniqueInThePlant() throws IOException {
        Path file = write("dup.yaml", VALID + """
                  - code: L2
                    machines:
                      - {code: CNC-01, kind: cnc}
                """);

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dup.yaml")
                .hasMessageContaining("lines[1].machines[0].code")
                .hasMessageContaining("duplicate machine code 'CNC-01' (also at lines[0].machines[0])");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "mtbfMinutes: 200      | mtbfMinutes: 0         | lines[0].machines[1].mtbfMinutes",
                "mttrMinutes: 12       | mttrMinutes: -5        | lines[0].machines[1].mttrMinutes",
                "plant: {code: P1, name: 一厂} | plant: {code: P1, name: 一厂}\\nsimulation: {tickMillis: 0} | simulation.tickMillis",
                "plant: {code: P1, name: 一厂} | plant: {code: P1, name: 一厂, timeZone: Mars/Olympus} | plant.timeZone",
                "code: L1              | code: L 1              | lines[0].code",
            })
    void impossibleValuesAreRefusedByKey(String original, String replacement, String key) throws IOException {
        String yaml = VALID.replace(original, replacement.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(VALID);
        Path file = write("bad.yaml", yaml);

        assertThatThrownBy(() -> PlantDefinition.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("key '" + key + "'");
    }
}
