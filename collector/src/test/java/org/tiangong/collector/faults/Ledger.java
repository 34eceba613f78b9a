package org.tiangong.collector.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.opcua.GapMarkers;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;

/**
 * Compares what the simulator published with what the database holds, signal by signal: the accounting every fault
 * case ends with.
 */
final class Ledger {

    record Row(Instant time, double value, int status) {}

    /** One published value that the database does not have, with its node. */
    record Missing(String node, Instant time, double value) {}

    /**
     * @param expected     published values from each signal's first stored value up to the cutoff
     * @param missing      of those, the ones not stored
     * @param extra        Good rows that were not published (re-observations after a gap, see GapMarkers)
     * @param unexplained  extra rows whose value is not one the signal had published before them
     * @param markers      gap-marker rows (Bad_NoCommunication)
     * @param duplicates   rows stored more than once for one (signal, time): the database's own count
     */
    record Result(long expected, List<Missing> missing, long extra, long unexplained, long markers, long duplicates) {
        @Override
        public String toString() {
            return "expected " + expected + ", missing " + missing.size() + ", extra (re-observed) " + extra
                    + ", unexplained " + unexplained + ", gap markers " + markers + ", duplicates " + duplicates;
        }
    }

    private final PlantSimulator simulator;
    private final DataSource db;
    private final Map<String, Integer> signalOfNode = new LinkedHashMap<>();

    Ledger(PlantSimulator simulator, DataSource db) throws SQLException {
        this.simulator = simulator;
        this.db = db;
        TopologyRegistry registry = new TopologyRegistry(db);
        for (Map.Entry<MachinePath, Map<CanonicalSignal, String>> m :
                simulator.nodeIds().entrySet()) {
            var kind = simulator
                    .plant()
                    .machine(m.getKey().line(), m.getKey().machine())
                    .orElseThrow()
                    .kind();
            Map<CanonicalSignal, Integer> ids = registry.registerSignals(m.getKey(), kind, m.getValue());
            m.getValue().forEach((signal, node) -> signalOfNode.put(node, ids.get(signal)));
        }
    }

    Map<String, Integer> signalOfNode() {
        return signalOfNode;
    }

    List<Row> rows(int signalId) throws SQLException {
        try (Connection c = db.getConnection();
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

    long count() throws SQLException {
        return scalar("SELECT count(*) FROM telemetry");
    }

    long duplicates() throws SQLException {
        return scalar("SELECT count(*) - count(DISTINCT (signal_id, time)) FROM telemetry");
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** All (signal, time µs) keys stored now. */
    Set<String> keys() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT signal_id, (extract(epoch FROM time) * 1000000)::bigint FROM telemetry")) {
            while (rs.next()) out.add(rs.getInt(1) + "@" + rs.getLong(2));
        }
        return out;
    }

    /**
     * Published from {@code from} (and from each signal's first stored value) up to {@code cutoff} against what is
     * stored. {@code from} leaves out the start-up, where a simulator ticker that fell behind on a busy machine
     * catches up in a burst faster than the sampling interval (values the server never sampled: not the fault's).
     */
    Result compare(Instant from, Instant cutoff) throws SQLException {
        long expected = 0;
        long extra = 0;
        long unexplained = 0;
        long markers = 0;
        List<Missing> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> e : signalOfNode.entrySet()) {
            List<Row> rows = rows(e.getValue());
            List<PublishedValue> sent = simulator.publishedRecord().published(e.getKey());
            Set<String> published = new HashSet<>();
            for (PublishedValue v : sent) published.add(v.sourceTime() + "=" + v.value());
            Set<String> stored = new HashSet<>();
            Instant firstStored = null;
            for (Row r : rows) {
                if (r.status() == GapMarkers.BAD_NO_COMMUNICATION) {
                    markers++;
                    continue;
                }
                String k = r.time() + "=" + r.value();
                stored.add(k);
                if (published.contains(k)) {
                    if (firstStored == null) firstStored = r.time();
                } else if (!r.time().isAfter(cutoff)) {
                    extra++;
                    // a re-observation repeats a value the signal had when it was received
                    boolean explained = sent.stream()
                            .anyMatch(v ->
                                    !v.sourceTime().isAfter(r.time()) && Double.compare(v.value(), r.value()) == 0);
                    if (!explained) unexplained++;
                }
            }
            if (firstStored == null) continue;
            for (PublishedValue v : sent) {
                if (v.sourceTime().isBefore(firstStored)
                        || v.sourceTime().isBefore(from)
                        || v.sourceTime().isAfter(cutoff)) continue;
                expected++;
                if (!stored.contains(v.sourceTime() + "=" + v.value()))
                    missing.add(new Missing(e.getKey(), v.sourceTime(), v.value()));
            }
        }
        return new Result(expected, missing, extra, unexplained, markers, duplicates());
    }
}
