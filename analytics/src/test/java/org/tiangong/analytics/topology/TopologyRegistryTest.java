package org.tiangong.analytics.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.Machine;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Plant;
import org.tiangong.analytics.testing.Fixtures;
import org.tiangong.analytics.testing.TestDatabases;

class TopologyRegistryTest {

    static Database db;
    static TopologyRegistry registry;
    static PlantDirectory directory;

    @BeforeAll
    static void start() {
        db = TestDatabases.fresh();
        registry = new TopologyRegistry(db.dataSource());
        directory = new PlantDirectory(db.dataSource());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void importingTheSameLayoutTwiceKeepsIdsAndNames() throws Exception {
        UUID first = registry.importTopology(Fixtures.smallPlant("ACME"));
        UUID second = registry.importTopology(Fixtures.smallPlant("ACME"));
        assertThat(second).isEqualTo(first);
        assertThat(directory.enterprise(first)).get().extracting(e -> e.name()).isEqualTo("测试企业 ACME");
        Plant plant = directory.plants(first).get(0);
        assertThat(plant.timeZone()).isEqualTo("Asia/Shanghai");
        var line = directory.lines(plant.id()).get(0);
        assertThat(directory.machines(line.id())).extracting(Machine::code).containsExactly("CNC-01", "PR-01");
        assertThat(directory.machines(line.id()).get(0).idealCycleTimeSeconds()).isEqualTo(42.0);
    }

    @Test
    void registeringSignalsCreatesMissingParentsAndIsIdempotent() throws Exception {
        MachinePath path = MachinePath.parse("NEWCO/P9/L9/W-01");
        Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                path,
                MachineKind.WELDER,
                Map.of(CanonicalSignal.STATE, "ns=2;s=a", CanonicalSignal.WELD_CURRENT, "ns=2;s=b"));
        Map<CanonicalSignal, Integer> again = registry.registerSignals(
                path,
                MachineKind.WELDER,
                Map.of(CanonicalSignal.STATE, "ns=2;s=a", CanonicalSignal.WELD_CURRENT, "ns=2;s=b"));
        assertThat(again).isEqualTo(ids).hasSize(2);
        assertThat(directory.enterprises()).anySatisfy(e -> assertThat(e.code()).isEqualTo("NEWCO"));
    }

    @Test
    void registeringSignalsKeepsNamesFromTheImportedLayout() throws Exception {
        registry.importTopology(Fixtures.smallPlant("KEEP"));
        registry.registerSignals(
                MachinePath.parse("KEEP/P1/L1/CNC-01"), MachineKind.CNC, Map.of(CanonicalSignal.STATE, "x"));
        UUID ent = directory.enterprises().stream()
                .filter(e -> e.code().equals("KEEP"))
                .findFirst()
                .orElseThrow()
                .id();
        var line = directory.lines(directory.plants(ent).get(0).id()).get(0);
        Machine cnc = directory.machines(line.id()).get(0);
        assertThat(cnc.name()).isEqualTo("加工中心 1");
        assertThat(directory.signals(cnc.id())).singleElement().satisfies(s -> {
            assertThat(s.signal()).isEqualTo(CanonicalSignal.STATE);
            assertThat(s.unit()).isEqualTo("code");
        });
    }
}
