package org.tiangong.analytics.telemetry;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.tiangong.analytics.model.Sample;

/**
 * Samples into {@code COPY telemetry (time, signal_id, value, status) FROM STDIN (FORMAT binary)}: the server neither
 * parses text nor converts epoch microseconds, which the text COPY into the staging table needs. Binary timestamptz
 * is microseconds since 2000-01-01 UTC; double precision is IEEE 754 big-endian, NaN included.
 */
final class BinaryTelemetryCopy {

    private static final String SQL = "COPY telemetry (time, signal_id, value, status) FROM STDIN (FORMAT binary)";
    /** 2000-01-01T00:00:00Z in microseconds since the Unix epoch. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    /** field count (2) + 4 × (length (4) + value): 8 + 4 + 8 + 4 bytes of values. */
    private static final int ROW_BYTES = 2 + 4 * 4 + 8 + 4 + 8 + 4;

    private static final int CHUNK_ROWS = 2048;

    private BinaryTelemetryCopy() {}

    /** Copies {@code samples} into telemetry; returns the rows the server took. */
    static long copy(Connection c, List<Sample> samples) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            ByteBuffer buf = ByteBuffer.allocate(HEADER.length + ROW_BYTES * CHUNK_ROWS + 2);
            buf.put(HEADER);
            for (Sample s : samples) {
                if (buf.remaining() < ROW_BYTES + 2) {
                    in.writeToCopy(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putShort((short) 4);
                buf.putInt(8).putLong(s.timeMicros() - PG_EPOCH_MICROS);
                buf.putInt(4).putInt(s.signalId());
                buf.putInt(8).putDouble(s.value());
                buf.putInt(4).putInt(s.status());
            }
            buf.putShort((short) -1); // trailer
            in.writeToCopy(buf.array(), 0, buf.position());
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }
}
