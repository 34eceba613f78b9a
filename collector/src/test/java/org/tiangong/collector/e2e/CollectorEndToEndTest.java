package org.tiangong.collector.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.metadata.TopologyRegistry;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.MachineDefinition;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;
import org.tiangong.collector.sim.SimulatorOptions;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Simulator (a real OPC UA server) → collector (Milo client) → PostgreSQL/TimescaleDB, compared value for value. */
class CollectorEndToEndTest {

    @TempDir
    Path certificates;

    PlantSimulator simulator;
    Database db;
    Collector collector;

    static PlantDefinition fastPlant() {
        List<MachineDefinition> machines = List.of(
                fast(MachineDefinition.withDefaults("CNC-01", "加工中心 1", MachineKind.CNC), 0.5),
                fast(MachineDefinition.withDefaults("PRS-01", "压力机 1", MachineKind.PRESS), 0.3),
                fast(MachineDefinition.withDefaults("FUR-01", "淬火炉", MachineKind.FURNACE), 2));
        return new PlantDefinition(new PlantDefinition.EnterpriseInfo("E2E", "端到端测试企业"),
                new PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                new PlantDefinition.SimulationSettings(7, 100),
                List.of(new PlantDefinition.LineDefinition("L1", "一线", machines)));
    }

    /** Starts running at once and makes a part every few ticks, so a short run sees every kind of change. */
    static MachineDefinition fast(MachineDefinition m, double cycleSeconds) {
        return new MachineDefinition(m.code(), m.name(), m.kind(), "TEST", cycleSeconds, 600, 1, 0.05,
                m.cycleJitter(), m.performance(), m.ratedPowerKw(), m.nominalProcessValue(), 600, 0.01, 600, 0.1,
                0, m.heatUpMinutes(), m.coolDownMinutes());
    }

    @BeforeEach
    void start() throws Exception {
        simulator = new PlantSimulator(fastPlant(), SimulatorOptions.forTests(certificates)).start();
        db = TestDatabases.fresh();
        CollectorConfig config = SimulatorCollectorConfig.forSimulator(simulator, 50, new CollectorConfig.Writer(1000, 200L, 100_000));
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
        Map<CanonicalSignal, String> nodes = simulator.nodeIdsFor("L1", "CNC-01");
        Map<CanonicalSignal, Integer> ids = new TopologyRegistry(db.dataSource())
                .registerSignals(simulator.plant().pathOf("L1", "CNC-01"), MachineKind.CNC, nodes);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(ids.get(CanonicalSignal.ENERGY)).size() >= 20
                && rows(ids.get(CanonicalSignal.PARTS_GOOD)).size() >= 3);

        // Compare a closed window: everything published up to the cutoff must be stored exactly once. Values
        // published in the last moments before the server shuts down may never leave it, so after the cutoff we
        // only require that what was stored is a gap-free prefix of what was published.
        Instant cutoff = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                rows(ids.get(CanonicalSignal.ENERGY)).stream().anyMatch(r -> r.time.isAfter(cutoff.plusSeconds(1))));
        simulator.close();
        long published = simulator.publishedRecord().size();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long before = totalRows();
            Thread.sleep(600); // two writer flush intervals without a new row: the pipeline is empty
            return totalRows() == before;
        });

        for (Map.Entry<CanonicalSignal, String> e : nodes.entrySet()) {
            List<PublishedValue> sent = simulator.publishedRecord().published(e.getValue());
            List<PublishedValue> stored = rows(ids.get(e.getKey())).stream()
                    .map(r -> new PublishedValue(sent.get(0).nodeId(), r.time, r.value)).toList();
            assertThat(stored).as(e.getKey().key()).isNotEmpty();
            // The subscription starts with the value current at subscribe time; from there on, every published
            // value is stored once, with its source timestamp, and nothing else is stored.
            int start = sent.indexOf(stored.get(0));
            assertThat(start).as("first stored %s was published", e.getKey().key()).isNotNegative();
            List<PublishedValue> expected = sent.subList(start, sent.size());
            List<PublishedValue> expectedInWindow = expected.stream().filter(v -> !v.sourceTime().isAfter(cutoff)).toList();
            List<PublishedValue> storedInWindow = stored.stream().filter(v -> !v.sourceTime().isAfter(cutoff)).toList();
            assertThat(storedInWindow).as(e.getKey().key()).containsExactlyElementsOf(expectedInWindow);
            assertThat(stored).as(e.getKey().key() + " after the cutoff")
                    .containsExactlyElementsOf(expected.subList(0, stored.size()));
        }
        assertThat(published).isPositive();
        assertThat(collector.writerStats().failedWrites()).isZero();
    }

    @Test
    void collectionResumesAfterTheOpcUaServerRestarts() throws Exception {
        int energy = new TopologyRegistry(db.dataSource()).registerSignals(simulator.plant().pathOf("L1", "CNC-01"), MachineKind.CNC,
                simulator.nodeIdsFor("L1", "CNC-01")).get(CanonicalSignal.ENERGY);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(energy).size() >= 5);

        simulator.restartServer();
        Instant restarted = Instant.now();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows(energy).stream().filter(r -> r.time.isAfter(restarted)).count() >= 5);
        assertThat(collector.endpointStats().get(0).recreations() + collector.endpointStats().get(0).reconnects()).isPositive();
    }

    record Row(Instant time, double value) {}

    List<Row> rows(int signalId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT time, value FROM telemetry WHERE signal_id = ? ORDER BY time")) {
            ps.setInt(1, signalId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next()) out.add(new Row(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2)));
                return out;
            }
        }
    }

    long totalRows() throws Exception {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
