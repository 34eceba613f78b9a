package org.tiangong.analytics.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Text rows into {@code COPY … FROM STDIN}, sent in chunks of about 60 KiB. Append a row (tab-separated, ending in
 * a newline) to {@link #row()}, call {@link #rowDone()}, and {@link #finish()} at the end; closing without finishing
 * cancels the COPY, so nothing of it is stored.
 */
public final class CopyStream implements AutoCloseable {

    private static final int CHUNK = 60 * 1024;

    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(64 * 1024);

    private CopyStream(CopyIn in) {
        this.in = in;
    }

    public static CopyStream open(Connection c, String copySql) throws SQLException {
        return new CopyStream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    /** Where the next row is appended. */
    public StringBuilder row() {
        return buffer;
    }

    public void rowDone() throws SQLException {
        if (buffer.length() > CHUNK) send();
    }

    /** Sends what is left and ends the COPY; returns the rows the server took. */
    public long finish() throws SQLException {
        send();
        return in.endCopy();
    }

    private void send() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
        if (in.isActive()) in.cancelCopy();
    }
}
