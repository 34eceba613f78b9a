package org.tiangong.collector.mqtt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

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
}
