package org.tiangong.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.rollup.CounterEvents;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.RawSums;
import org.tiangong.analytics.rollup.RollupJob;
import org.tiangong.analytics.rollup.RollupSums;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Issue #15 end to end: the OPC UA server restarts mid-shift and its PLC restores retentive counters lower than
 * they were (not zero). The stored good and scrap counts equal what the machines produced by the simulator's
 * published record exactly, and the kWh to rounding, from raw data and from rollups; each re-base is an event.
 */
class RestoredCountersEndToEndTest {

    static final List<CanonicalSignal> COUNTERS =
            List.of(CanonicalSignal.PARTS_GOOD, CanonicalSignal.PARTS_SCRAP, CanonicalSignal.ENERGY);

    @TempDir
    Path certificates;

    @Test
    void aServerRestartWithRestoredCountersChangesNoCountAndNoKwhBeyondWhatWasProduced() throws Exception {
        try (PlantSimulator sim =
                        new PlantSimulator(CollectorEndToEndTest.fastPlant(), SimulatorOptions.forTests(certificates));
                Database db = TestDatabases.fresh()) {
            // counters that have been counting for a while, as a real PLC's do
            sim.presetCounters(10_000, 5_000);
            sim.start();
            // the machines' ideal cycle times and rated power, as the demo registers them
            new TopologyRegistry(db.dataSource()).importTopology(sim.plant().toTopology());
            CollectorConfig config =
                    SimulatorCollectorConfig.forSimulator(sim, 50, new CollectorConfig.Writer(1000, 200L, 100_000));
            try (Collector collector = Collector.start(config, db)) {
                Map<MachinePath, Map<CanonicalSignal, String>> nodes = sim.nodeIds();
                awaitRows(db, nodes, Instant.EPOCH, 3);
                // the power dips: machines stop; what they published is stored; the PLC reboots with older counters
                sim.holdMachines();
                awaitCaughtUp(db, sim, nodes);
                Instant restarted = Instant.now();
                sim.restartServerWithRestoredCounters(500, 100);
                // the machines start again once the controller is back and read: parts made between the restore and
                // the first reading after it cannot be told from a preset (the rule re-bases on that reading)
                awaitCaughtUp(db, sim, nodes);
                sim.resumeMachines();
                awaitRows(db, nodes, restarted, 3);
                sim.holdMachines();
                awaitCaughtUp(db, sim, nodes);

                PublishedRecord record = sim.publishedRecord();
                Instant end = Instant.now().plusSeconds(1);
                new RollupJob(
                                db.dataSource(),
                                db.engine(),
                                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(5)))
                        .catchUp();
                int rebases = 0;
                for (var machine : nodes.entrySet()) {
                    Map<CanonicalSignal, Integer> ids = ids(db, machine.getKey(), machine.getValue());
                    UUID machineId = machineOf(db, ids.get(CanonicalSignal.PARTS_GOOD));
                    Instant first = firstGoodRow(db, ids.get(CanonicalSignal.PARTS_GOOD));
                    TimeRange range = new TimeRange(first.minusSeconds(1), end);
                    for (var source : List.of(new RawSums(db.dataSource()), new RollupSums(db.dataSource()))) {
                        MachineSums sums = source.sums(Map.of(machineId, List.of(List.of(range))))
                                .get(machineId)
                                .get(0);
                        String what = machine.getKey() + " " + source.getClass().getSimpleName();
                        assertThat(sums.good())
                                .as(what + " good")
                                .isEqualTo(
                                        produced(db, record, machine.getValue(), ids, CanonicalSignal.PARTS_GOOD, end));
                        assertThat(sums.scrap())
                                .as(what + " scrap")
                                .isEqualTo(produced(
                                        db, record, machine.getValue(), ids, CanonicalSignal.PARTS_SCRAP, end));
                        assertThat(sums.energyKwh())
                                .as(what + " kWh")
                                .isCloseTo(
                                        produced(db, record, machine.getValue(), ids, CanonicalSignal.ENERGY, end),
                                        Offset.offset(1e-6));
                    }
                    var events = new CounterEvents(db.dataSource()).between(machineId, first.minusSeconds(1), end);
                    assertThat(events)
                            .as(machine.getKey() + " events")
                            .allSatisfy(e -> assertThat(e.event().describe()).startsWith("counter re-based at "));
                    rebases += events.size();
                }
                // every counter of every machine was re-based once
                assertThat(rebases).isEqualTo(nodes.size() * COUNTERS.size());
            }
        }
    }

    /** What the record says the node produced from the first stored reading of the signal on. */
    static double produced(
            Database db,
            PublishedRecord record,
            Map<CanonicalSignal, String> nodes,
            Map<CanonicalSignal, Integer> ids,
            CanonicalSignal signal,
            Instant end)
            throws Exception {
        return record.increase(nodes.get(signal), firstGoodRow(db, ids.get(signal)), end);
    }

    static void awaitRows(Database db, Map<MachinePath, Map<CanonicalSignal, String>> nodes, Instant after, int n) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (var machine : nodes.entrySet()) {
                Map<CanonicalSignal, Integer> ids = ids(db, machine.getKey(), machine.getValue());
                // scrap moves slowly: one row of it is enough
                for (CanonicalSignal c : COUNTERS) {
                    int needed = c == CanonicalSignal.PARTS_SCRAP ? 1 : n;
                    if (goodRowsAfter(db, ids.get(c), after) < needed) return false;
                }
            }
            return true;
        });
    }

    /** Until the newest stored value of every counter is the newest the simulator published. */
    static void awaitCaughtUp(Database db, PlantSimulator sim, Map<MachinePath, Map<CanonicalSignal, String>> nodes) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (var machine : nodes.entrySet()) {
                Map<CanonicalSignal, Integer> ids = ids(db, machine.getKey(), machine.getValue());
                for (CanonicalSignal c : COUNTERS) {
                    double published = sim.publishedRecord()
                            .latest(machine.getValue().get(c))
                            .orElseThrow()
                            .value();
                    assertThat(newestGood(db, ids.get(c)))
                            .as("%s %s", machine.getKey(), c.key())
                            .isEqualTo(published);
                }
            }
        });
    }

    static Map<CanonicalSignal, Integer> ids(Database db, MachinePath path, Map<CanonicalSignal, String> nodes)
            throws Exception {
        return new TopologyRegistry(db.dataSource())
                .registerSignals(
                        path,
                        org.tiangong.analytics.model.MachineKind.fromCode(kindOf(db, path))
                                .orElseThrow(),
                        nodes);
    }

    static String kindOf(Database db, MachinePath path) throws Exception {
        return scalar(
                db,
                "SELECT m.kind FROM machine m JOIN line l ON l.id = m.line_id WHERE l.code = ? AND m.code = ?",
                path.line(),
                path.machine());
    }

    static UUID machineOf(Database db, int signalId) throws Exception {
        return UUID.fromString(scalar(db, "SELECT machine_id::text FROM signal WHERE id = ?", signalId));
    }

    static Instant firstGoodRow(Database db, int signalId) throws Exception {
        return java.time.OffsetDateTime.parse(scalar(
                        db,
                        "SELECT to_char(min(time) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM telemetry WHERE signal_id = ? AND status = 0",
                        signalId))
                .toInstant();
    }

    static long goodRowsAfter(Database db, int signalId, Instant after) throws Exception {
        return Long.parseLong(scalar(
                db,
                "SELECT count(*) FROM telemetry WHERE signal_id = ? AND status = 0 AND time > ?",
                signalId,
                after.atOffset(java.time.ZoneOffset.UTC)));
    }

    static Double newestGood(Database db, int signalId) throws Exception {
        String v = scalar(
                db,
                "SELECT value::text FROM telemetry WHERE signal_id = ? AND status = 0 ORDER BY time DESC LIMIT 1",
                signalId);
        return v == null ? null : Double.valueOf(v);
    }

    static String scalar(Database db, String sql, Object... params) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int k = 0; k < params.length; k++) ps.setObject(k + 1, params[k]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
