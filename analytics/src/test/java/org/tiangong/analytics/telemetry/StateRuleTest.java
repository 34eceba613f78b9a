package org.tiangong.analytics.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;

/** A welding robot without a state node: running while the weld current is above 20 A (the welder's default rule). */
class StateRuleTest {

    static Database db;
    static UUID welder;
    static final Instant T = Instant.parse("2026-11-28T02:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                MachinePath.parse("R/P/L/W-01"),
                MachineKind.WELDER,
                Map.of(CanonicalSignal.WELD_CURRENT, "c", CanonicalSignal.POWER, "p"));
        int current = ids.get(CanonicalSignal.WELD_CURRENT);
        // 0 A until +60 s, 210 A until +180 s, 0 A after; a Bad reading at +240 s; the machine reports until +300 s
        new TelemetryWriter(db.dataSource())
                .write(List.of(
                        Sample.of(current, T, 0, 0),
                        Sample.of(current, T.plusSeconds(60), 210, 0),
                        Sample.of(current, T.plusSeconds(180), 0, 0),
                        Sample.of(current, T.plusSeconds(240), 500, 0x80000000),
                        Sample.of(ids.get(CanonicalSignal.POWER), T.plusSeconds(300), 1.0, 0)));
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID ent = dir.enterprises().get(0).id();
        welder = dir.machines(dir.lines(dir.plants(ent).get(0).id()).get(0).id())
                .get(0)
                .id();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aMachineWithoutAStateNodeGetsItsStatesFromItsKindsRule() throws Exception {
        TelemetryQueries q =
                new TelemetryQueries(db.dataSource(), db.bucketing(), Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC));
        StateDurations d = q.stateDurations(welder, T, T.plusSeconds(300));
        assertThat(d.seconds("idle")).isEqualTo(60.0 + 60.0); // 0–60 and 180–240
        assertThat(d.seconds("running")).isEqualTo(120.0); // 60–180
        assertThat(d.seconds("no_data")).isEqualTo(60.0); // the Bad reading 240–300
        assertThat(new StateSource(db.dataSource())
                        .load(welder, T, T.plusSeconds(300))
                        .derivedFrom())
                .isEqualTo("weld_current");
    }
}
