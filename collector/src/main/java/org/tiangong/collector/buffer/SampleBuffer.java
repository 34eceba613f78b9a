package org.tiangong.collector.buffer;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.Sample;

/**
 * The store-and-forward buffer: samples on local disk between the OPC UA side and the database, oldest first.
 *
 * <p>One SQLite file in WAL mode with {@code synchronous=FULL} ({@link BufferFile}; values kept as their IEEE 754
 * bits: SQLite would turn NaN into NULL and -0.0 into 0): each {@link #append} is one transaction, and its commit is
 * the fsync that makes the batch survive a crash of the process or of the machine. Rows are keyed by an
 * {@code AUTOINCREMENT} id, so ids are never reused and "oldest" is "lowest id". The forwarder takes the oldest rows
 * ({@link #oldest}), writes them to the database, and only then deletes them ({@link #acknowledge}): a crash between
 * the two replays the batch, which the idempotent database write stores once.
 *
 * <p>At the size limit ({@code maxSamples}) the buffer either drops its oldest rows to make room — never the batch the
 * forwarder has in flight, so that a dropped sample is one that never reached the database — and counts each one in
 * {@link #dropped()}, or (in {@link OnFull#BLOCK} mode) makes {@link #append} wait up to a second for room and then
 * fail with {@link BufferFullException}, which the caller retries (back-pressure into the in-memory queue).
 *
 * <p>One process at a time: the file is locked ({@code <file>.lock}) while open. Thread-safe: one connection, every
 * operation under this object's monitor (they are short; the database write happens outside it).
 */
public final class SampleBuffer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SampleBuffer.class);

    private static final long BLOCK_WAIT_MILLIS = 1_000;

    /** What {@link #append} does when the buffer holds {@code maxSamples}. */
    public enum OnFull {
        /** Keep collecting: delete the oldest samples not in flight, count them as dropped. */
        DROP_OLDEST("drop-oldest"),
        /** Keep what is buffered: make appends wait (and then fail), so the in-memory queue fills instead. */
        BLOCK("block");

        private final String key;

        OnFull(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Optional<OnFull> fromKey(String key) {
            if (key == null) return Optional.empty();
            for (OnFull o : values()) if (o.key.equals(key.toLowerCase(Locale.ROOT))) return Optional.of(o);
            return Optional.empty();
        }
    }

    /** Thrown by {@link #append} in {@link OnFull#BLOCK} mode when no room came within a second. */
    public static final class BufferFullException extends Exception {
        BufferFullException(String message) {
            super(message);
        }
    }

    /** The oldest buffered samples, ids {@code firstId..lastId}, handed to the forwarder. */
    public record Batch(long firstId, long lastId, List<Sample> samples) {
        public int size() {
            return samples.size();
        }
    }

    private final BufferFile opened;
    private final Path file;
    private final long maxSamples;
    private final OnFull onFull;
    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement selectOldest;
    private final PreparedStatement deleteRange;
    private final PreparedStatement dropOldest;
    private final PreparedStatement firstTime;

    // guarded by this
    private long depth;
    private long inFlightUpTo;
    private int inFlightCount;
    private long appended;
    private long dropped;
    private long droppedThisEpisode;
    private long commits;
    private long oldestMicros = Long.MIN_VALUE;
    private boolean closed;

    private SampleBuffer(BufferFile opened, long maxSamples, OnFull onFull) throws SQLException {
        this.opened = opened;
        this.file = opened.path();
        this.maxSamples = maxSamples;
        this.onFull = onFull;
        this.c = opened.connection();
        this.insert =
                c.prepareStatement("INSERT INTO sample (signal_id, time_us, value_bits, status) VALUES (?, ?, ?, ?)");
        this.selectOldest =
                c.prepareStatement("SELECT id, signal_id, time_us, value_bits, status FROM sample ORDER BY id LIMIT ?");
        this.deleteRange = c.prepareStatement("DELETE FROM sample WHERE id BETWEEN ? AND ?");
        this.dropOldest = c.prepareStatement(
                "DELETE FROM sample WHERE id IN (SELECT id FROM sample WHERE id > ? ORDER BY id LIMIT ?)");
        this.firstTime = c.prepareStatement("SELECT time_us FROM sample ORDER BY id LIMIT 1");
    }

    /**
     * Opens (or creates) the buffer file, taking its lock; what an earlier run left in it is forwarded first.
     *
     * @throws IllegalStateException when another process (or another collector in this one) has the file open
     */
    public static SampleBuffer open(Path file, long maxSamples, OnFull onFull) throws IOException, SQLException {
        if (maxSamples < 1) throw new IllegalArgumentException("maxSamples must be positive");
        Objects.requireNonNull(onFull, "onFull");
        BufferFile opened = BufferFile.open(file);
        try {
            SampleBuffer b = new SampleBuffer(opened, maxSamples, onFull);
            b.recover();
            return b;
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private synchronized void recover() throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sample")) {
            rs.next();
            depth = rs.getLong(1);
        }
        refreshOldest();
        c.commit();
        if (depth > 0) {
            log.info(
                    "buffer {}: {} samples from an earlier run are waiting to be forwarded (oldest {})",
                    file,
                    depth,
                    oldestTime().map(Instant::toString).orElse("?"));
        } else {
            log.info("buffer {}: empty, limit {} samples, {} when full", file, maxSamples, onFull.key());
        }
    }

    /**
     * Appends the samples in one transaction (one fsync). At the limit, drops the oldest or waits, as configured.
     *
     * @return the number of samples appended (all of them, less any of this batch that had to be dropped because the
     *         batch alone was larger than the room the forwarder's in-flight batch leaves)
     * @throws BufferFullException in {@link OnFull#BLOCK} mode when there was no room within a second; nothing appended
     */
    public synchronized int append(List<Sample> samples)
            throws SQLException, InterruptedException, BufferFullException {
        ensureOpen();
        if (samples.isEmpty()) return 0;
        int n = samples.size();
        int skip = 0;
        long toDrop = 0;
        if (depth + n > maxSamples) {
            if (onFull == OnFull.BLOCK) {
                long until = System.nanoTime() + BLOCK_WAIT_MILLIS * 1_000_000;
                while (depth + n > maxSamples && !closed) {
                    long left = (until - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new BufferFullException(
                                "the buffer " + file + " is full (" + depth + " of " + maxSamples + " samples)");
                    }
                    wait(left);
                }
                ensureOpen();
            } else {
                long excess = depth + n - maxSamples;
                long droppable = depth - inFlightCount;
                toDrop = Math.min(excess, droppable);
                skip = (int) Math.min(n, excess - toDrop); // the batch alone does not fit: its oldest go too
            }
        }
        try {
            long removed = 0;
            if (toDrop > 0) {
                dropOldest.setLong(1, inFlightUpTo);
                dropOldest.setLong(2, toDrop);
                removed = dropOldest.executeUpdate();
            }
            for (int i = skip; i < n; i++) {
                Sample s = samples.get(i);
                insert.setInt(1, s.signalId());
                insert.setLong(2, s.timeMicros());
                insert.setLong(3, Double.doubleToRawLongBits(s.value()));
                insert.setInt(4, s.status());
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            commits++;
            depth += (n - skip) - removed;
            appended += n - skip;
            long lost = removed + skip;
            if (lost > 0) {
                if (droppedThisEpisode == 0) {
                    log.warn(
                            "buffer {}: full at {} samples; dropping the oldest to keep collecting (counted)",
                            file,
                            maxSamples);
                }
                dropped += lost;
                droppedThisEpisode += lost;
            } else if (droppedThisEpisode > 0) {
                log.warn(
                        "buffer {}: below its limit again; {} samples were dropped while it was full",
                        file,
                        droppedThisEpisode);
                droppedThisEpisode = 0;
            }
            if (removed > 0 || oldestMicros == Long.MIN_VALUE) refreshOldest();
            notifyAll();
            return n - skip;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * The oldest samples, at most {@code max}, marked as in flight (drop-oldest leaves them alone) until they are
     * acknowledged; empty when the buffer is. The forwarder has one batch in flight at a time.
     */
    public synchronized Optional<Batch> oldest(int max) throws SQLException {
        ensureOpen();
        if (depth == 0) return Optional.empty();
        selectOldest.setInt(1, max);
        List<Sample> out = new ArrayList<>(Math.min(max, (int) Math.min(depth, Integer.MAX_VALUE)));
        long first = -1;
        long last = -1;
        try (ResultSet rs = selectOldest.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (first < 0) first = id;
                last = id;
                out.add(new Sample(rs.getInt(2), rs.getLong(3), Double.longBitsToDouble(rs.getLong(4)), rs.getInt(5)));
            }
        }
        c.commit(); // ends the read transaction, so the WAL can be checkpointed
        if (out.isEmpty()) return Optional.empty();
        inFlightUpTo = last;
        inFlightCount = out.size();
        return Optional.of(new Batch(first, last, List.copyOf(out)));
    }

    /** Deletes a batch the database has stored. */
    public synchronized void acknowledge(Batch batch) throws SQLException {
        ensureOpen();
        try {
            deleteRange.setLong(1, batch.firstId());
            deleteRange.setLong(2, batch.lastId());
            int deleted = deleteRange.executeUpdate();
            c.commit();
            depth -= deleted;
            inFlightCount = 0;
            refreshOldest();
            notifyAll();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Waits until at least {@code samples} are buffered, the time is up, or the buffer closes. For a forwarder that
     * would rather write one full batch than several small ones.
     */
    public synchronized void awaitDepth(long samples, long timeoutMillis) throws InterruptedException {
        long until = System.nanoTime() + timeoutMillis * 1_000_000;
        while (depth < samples && !closed) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            wait(left);
        }
    }

    private void refreshOldest() throws SQLException {
        try (ResultSet rs = firstTime.executeQuery()) {
            oldestMicros = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
        }
        c.commit();
    }

    private void rollbackQuietly() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next operation reports it
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the buffer " + file + " is closed");
    }

    /** Samples buffered now, in flight included. */
    public synchronized long depth() {
        return depth;
    }

    /** Samples appended since this buffer was opened. */
    public synchronized long appended() {
        return appended;
    }

    /** Samples dropped at the limit since this buffer was opened (drop-oldest). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Append transactions (each one fsync) since this buffer was opened. */
    public synchronized long commits() {
        return commits;
    }

    /** The newest buffered sample (by source time) of a signal: its time in microseconds and its status. */
    public record Newest(long timeMicros, int status) {}

    /**
     * The newest buffered sample of every signal in the buffer: what an earlier run received but the database may
     * not have yet (read at start to find where that run stopped). One scan of the buffer.
     */
    public synchronized Map<Integer, Newest> newestPerSignal() throws SQLException {
        ensureOpen();
        Map<Integer, Newest> out = new java.util.HashMap<>();
        // SQLite: with max(), the bare column status comes from the row holding the maximum
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT signal_id, max(time_us), status FROM sample GROUP BY signal_id")) {
            while (rs.next()) out.put(rs.getInt(1), new Newest(rs.getLong(2), rs.getInt(3)));
        }
        c.commit();
        return out;
    }

    /** The source time of the oldest buffered sample (lowest id), if any. */
    public synchronized Optional<Instant> oldestTime() {
        if (oldestMicros == Long.MIN_VALUE) return Optional.empty();
        return Optional.of(new Sample(0, oldestMicros, 0, 0).time());
    }

    public long maxSamples() {
        return maxSamples;
    }

    public OnFull onFull() {
        return onFull;
    }

    public Path file() {
        return file;
    }

    /** Closes the file and releases its lock; what is buffered stays for the next run. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        notifyAll();
        opened.close();
        if (depth > 0) log.info("buffer {}: closed with {} samples kept for the next run", file, depth);
    }
}
