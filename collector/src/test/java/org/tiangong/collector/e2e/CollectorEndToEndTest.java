package org.tiangong.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.opcua.GapMarkers;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;
import org.tiangong.collector.sim.SimulatorOptions;

/** Simulator (a real OPC UA server) → collector (Milo client) → PostgreSQL/TimescaleDB, compared value for value. */
class CollectorEndToEndTest {

    @TempDir
    Path certificates;

    PlantSimulator simulator;
    Database db;
    Collector collector;

    /** Kept for the other tests of this package. */
    static PlantDefinition fastPlant() {
        return FastPlant.threeMachines(100);
    }

    @BeforeEach
    void start() throws Exception {
        simulator = new PlantSimulator(fastPlant(), SimulatorOptions.forTests(certificates)).start();
        db = TestDatabases.fresh();
        // sampling (50 ms) faster than the tick (100 ms): every published value is a change the server reports
        CollectorConfig config =
                SimulatorCollectorConfig.forSimulator(simulator, 50, new CollectorConfig.Writer(1000, 200L, 100_000));
        collector = Collector.start(config, db);
    }

    @AfterEach
    void stop() {
        collector.close();
        simulator.close();
        db.close();
    }

    @Test
    void storedRowsMatchWhatTheSimulatorPublishedValueForValue() throws Exception {
        int energy = signalIds("L1", "CNC-01").get(CanonicalSignal.ENERGY);
        int partsGood = signalIds("L1", "CNC-01").get(CanonicalSignal.PARTS_GOOD);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows(energy).size() >= 20 && rows(partsGood).size() >= 3);

        // The simulator keeps running; instead of stopping it, compare against a cutoff. For every signal of every
        // machine: what is stored is exactly what was published from the subscription's first value on, in order,
        // with the same source timestamps (a gap-free prefix: nothing skipped, nothing invented, nothing twice),
        // and that prefix reaches at least the cutoff once the pipeline has caught up.
        Instant cutoff = Instant.now();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (Map.Entry<MachinePath, Map<CanonicalSignal, String>> machine :
                    simulator.nodeIds().entrySet()) {
                Map<CanonicalSignal, Integer> ids = new TopologyRegistry(db.dataSource())
                        .registerSignals(machine.getKey(), kindOf(machine.getKey()), machine.getValue());
                for (Map.Entry<CanonicalSignal, String> signal :
                        machine.getValue().entrySet()) {
                    String what = machine.getKey() + " " + signal.getKey().key();
                    List<Row> rows = rows(ids.get(signal.getKey()));
                    // read after the rows: the record can only have grown meanwhile
                    List<PublishedValue> sent = simulator.publishedRecord().published(signal.getValue());
                    assertThat(rows).as(what).isNotEmpty();
                    List<PublishedValue> stored = rows.stream()
                            .map(r -> new PublishedValue(sent.get(0).nodeId(), r.time(), r.value()))
                            .toList();
                    int first = sent.indexOf(stored.get(0));
                    assertThat(first)
                            .as("%s: the first stored value was published", what)
                            .isNotNegative();
                    List<PublishedValue> since = sent.subList(first, sent.size());
                    assertThat(stored.size()).as(what).isLessThanOrEqualTo(since.size());
                    assertThat(stored).as(what).containsExactlyElementsOf(since.subList(0, stored.size()));
                    long publishedUpToCutoff = since.stream()
                            .filter(v -> !v.sourceTime().isAfter(cutoff))
                            .count();
                    assertThat((long) stored.size())
                            .as("%s: everything published up to the cutoff is stored", what)
                            .isGreaterThanOrEqualTo(publishedUpToCutoff);
                    assertThat(rows)
                            .as(what)
                            .allSatisfy(r -> assertThat(r.status()).isZero());
                }
            }
        });
        assertThat(collector.writerStats().failedWrites()).isZero();
        assertThat(collector.endpointStats().get(0).withoutSourceTime()).isZero();
    }

    @Test
    void collectionResumesAfterTheOpcUaServerRestarts() throws Exception {
        Map<CanonicalSignal, String> nodes = simulator.nodeIdsFor("L1", "CNC-01");
        int energy = signalIds("L1", "CNC-01").get(CanonicalSignal.ENERGY);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(energy).size() >= 5);

        simulator.restartServer();
        Instant restarted = Instant.now();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows(energy).stream()
                                .filter(r -> r.time().isAfter(restarted))
                                .count()
                        >= 5);
        assertThat(collector.endpointStats().get(0).recreations()).isPositive();
        // Values published between the restart and the new subscription cannot be fetched from a fresh server (no
        // history): the lost contact is stored as one gap marker — or, when Milo still delivers a value of the lost
        // contact dated after that marker (seen under load), the value is stored and the gap marked again right
        // after it (GapMarkers): every further marker directly follows such a Good value, dated after the marker
        // before it. Every other row was published, with its source time, or re-observes after the gap a value the
        // signal had.
        List<PublishedValue> sent = simulator.publishedRecord().published(nodes.get(CanonicalSignal.ENERGY));
        List<Row> stored = rows(energy);
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++)
            if (stored.get(i).status() == GapMarkers.BAD_NO_COMMUNICATION) markers.add(i);
        assertThat(markers).as("gap markers in %s", stored).isNotEmpty();
        for (int k = 1; k < markers.size(); k++) {
            Row before = stored.get(markers.get(k) - 1);
            assertThat(before.status())
                    .as("the row before marker %d in %s", k, stored)
                    .isZero();
            assertThat(before.time()).isAfter(stored.get(markers.get(k - 1)).time());
            assertThat(markers.get(k) - markers.get(k - 1))
                    .as("marked again right after one late value, in %s", stored)
                    .isEqualTo(2);
        }
        long reobserved = stored.stream()
                .filter(r -> r.status() == 0
                        && !sent.contains(new PublishedValue(sent.get(0).nodeId(), r.time(), r.value())))
                .count();
        assertThat(reobserved).isLessThanOrEqualTo(1);
        assertThat(stored)
                .filteredOn(r -> r.status() == 0)
                .allSatisfy(r -> assertThat(sent)
                        .anyMatch(v -> Double.compare(v.value(), r.value()) == 0
                                && !v.sourceTime().isAfter(r.time())));
    }

    Map<CanonicalSignal, Integer> signalIds(String line, String machine) throws Exception {
        MachinePath path = simulator.plant().pathOf(line, machine);
        return new TopologyRegistry(db.dataSource())
                .registerSignals(path, kindOf(path), simulator.nodeIdsFor(line, machine));
    }

    MachineKind kindOf(MachinePath path) {
        return simulator
                .plant()
                .machine(path.line(), path.machine())
                .orElseThrow()
                .kind();
    }

    record Row(Instant time, double value, int status) {}

    List<Row> rows(int signalId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT time, value, status FROM telemetry WHERE signal_id = ? ORDER BY time")) {
            ps.setInt(1, signalId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next())
                    out.add(new Row(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2), rs.getInt(3)));
                return out;
            }
        }
    }
}
