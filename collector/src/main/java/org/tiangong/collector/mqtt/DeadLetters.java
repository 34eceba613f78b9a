package org.tiangong.collector.mqtt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The dead-letter table ({@code mqtt_dead_letter}, migration V50): messages the ingest could not store, with the
 * reason and the raw payload. A redelivered message is kept once (unique by topic and the payload's SHA-256).
 */
public final class DeadLetters {

    /** One message that could not be stored. */
    public record Letter(String topic, String reason, byte[] payload) {}

    private final DataSource dataSource;

    public DeadLetters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the letters in one transaction; returns how many were new. */
    public int store(List<Letter> letters) throws SQLException {
        if (letters.isEmpty()) return 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO mqtt_dead_letter (topic, reason, payload, payload_sha256) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (topic, payload_sha256) DO NOTHING")) {
                for (Letter l : letters) {
                    ps.setString(1, l.topic());
                    ps.setString(2, l.reason().length() > 2000 ? l.reason().substring(0, 2000) : l.reason());
                    ps.setBytes(3, l.payload());
                    ps.setBytes(4, sha256(l.payload()));
                    ps.addBatch();
                }
                int n = 0;
                for (int r : ps.executeBatch()) n += Math.max(r, 0);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
