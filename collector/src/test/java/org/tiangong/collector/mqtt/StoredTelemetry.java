package org.tiangong.collector.mqtt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.tiangong.collector.opcua.GapMarkers;
import org.tiangong.collector.sim.PublishedRecord.PublishedValue;

/** What the ingest stored, read back for {@link MqttPathTest}: rows of a signal, duplicates, dead letters. */
final class StoredTelemetry {

    record Row(Instant time, double value, int status) {}

    private final DataSource ds;

    StoredTelemetry(DataSource ds) {
        this.ds = ds;
    }

    List<Row> rows(int signalId) throws Exception {
        try (Connection c = ds.getConnection();
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

    long telemetryRows() throws Exception {
        return count("SELECT count(*) FROM telemetry");
    }

    /** Rows stored twice: {@code count(*) − count(DISTINCT (signal_id, time))}. */
    long duplicateRows() throws Exception {
        return count("SELECT count(*) - count(DISTINCT (signal_id, time)) FROM telemetry");
    }

    long deadLetters() throws Exception {
        return count("SELECT count(*) FROM mqtt_dead_letter");
    }

    List<String> reasons() throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT reason FROM mqtt_dead_letter");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The stored rows of a signal that are the simulator's values: Good rows after {@code after} (the test's own
     * injected samples are before it).
     * Left out, and counted in {@code gaps}: the collector's gap markers, and the one re-observation that follows a
     * marker when the OPC UA leg lost contact (Milo's "Republish failed" on the loaded machine; GapMarkers: the
     * value the signal still had, stored again at its receive time). Only a row right after a marker, not a
     * published value, and equal to the last stored value before the marker counts as that; anything else stays in
     * and must be a published value.
     */
    static List<PublishedValue> simulatorValues(List<Row> rows, List<PublishedValue> sent, Instant after, long[] gaps) {
        Set<PublishedValue> published = new HashSet<>(sent);
        String node = sent.isEmpty() ? "?" : sent.get(0).nodeId();
        List<PublishedValue> out = new ArrayList<>();
        boolean afterMarker = false;
        Double lastGood = null;
        for (Row r : rows) {
            if (!r.time().isAfter(after)) continue;
            if (r.status() == GapMarkers.BAD_NO_COMMUNICATION) {
                gaps[0]++;
                afterMarker = true;
                continue;
            }
            if (r.status() != 0) continue;
            PublishedValue v = new PublishedValue(node, r.time(), r.value());
            boolean reobserved = afterMarker
                    && !published.contains(v)
                    && lastGood != null
                    && Double.compare(lastGood, r.value()) == 0;
            afterMarker = false;
            if (reobserved) {
                gaps[1]++;
                continue;
            }
            lastGood = r.value();
            out.add(v);
        }
        return out;
    }
}
