package org.tiangong.collector.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file under a {@link SampleBuffer}: one SQLite database in WAL mode with {@code synchronous=FULL}, so that each
 * commit is an fsync, and a lock file ({@code <file>.lock}) held while it is open, so that one process at a time
 * uses it. The connection is handed out with auto-commit off: the buffer commits each operation itself.
 */
final class BufferFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SampleBuffer.class);

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection connection;

    private BufferFile(Path path, FileChannel lockChannel, FileLock lock, Connection connection) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the file, taking its lock, with the {@code sample} table in place.
     *
     * @throws IllegalStateException when another process (or another collector in this one) has the file open
     */
    static BufferFile open(Path file) throws IOException, SQLException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
        FileChannel channel =
                FileChannel.open(Path.of(absolute + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the buffer " + absolute + " is in use by another collector");
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + absolute);
            try (Statement st = c.createStatement()) {
                // WAL: a commit appends to the log instead of rewriting pages; FULL: each commit is fsynced, so an
                // appended batch survives a power cut as well as a killed process
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS sample (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            signal_id INTEGER NOT NULL,
                            time_us INTEGER NOT NULL,
                            value_bits INTEGER NOT NULL,
                            status INTEGER NOT NULL)""");
            }
            c.setAutoCommit(false);
            return new BufferFile(absolute, channel, lock, c);
        } catch (SQLException | RuntimeException e) {
            if (c != null) c.close();
            lock.release();
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    Connection connection() {
        return connection;
    }

    /** Closes the connection and releases the lock; failures are logged, the file stays as it is. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("buffer {}: close failed: {}", path, e.getMessage());
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("buffer {}: releasing the lock failed: {}", path, e.getMessage());
        }
    }
}
