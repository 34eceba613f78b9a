package org.tiangong.api.andon;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.api.http.Blocking;

/**
 * Live Andon boards by Server-Sent Events. While anyone watches a board, it is computed once per interval on a
 * worker, serialized once, and the same bytes go to every viewer of it — a thousand viewers cost one computation.
 * A board is a line as seen by a set of machines: managers of the enterprise share one, a vendor granted part of
 * the line gets its own.
 *
 * <p>Each viewer's connection has a bounded write queue ({@link #VIEWER_QUEUE_BYTES}). A viewer whose socket is not
 * draining (a frozen tablet, a dead network path) fills it; the next event then drops that viewer (its connection is
 * closed) instead of queueing without limit; its browser reconnects by itself when it can.
 */
public final class AndonHub {

    private static final Logger log = LoggerFactory.getLogger(AndonHub.class);

    /** A few events' worth; beyond this a viewer is not keeping up. */
    public static final int VIEWER_QUEUE_BYTES = 256 * 1024;
    /** Viewers of all boards together; more are refused with 503 rather than slowing everyone down. */
    public static final int MAX_VIEWERS = 20_000;

    /** One computation per watched board per second: a state change reaches viewers within about a second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Computes one board's JSON text (runs on a worker, may block). */
    public interface BoardSource {
        String compute(UUID lineId, List<UUID> machineIds) throws Exception;
    }

    /** Which board: a line, as the set of its machines the viewer may see. */
    public record BoardKey(UUID lineId, List<UUID> machineIds) {}

    private final Vertx vertx;
    private final Blocking blocking;
    private final BoardSource source;
    private final Duration interval;
    private final Map<BoardKey, Board> boards = new ConcurrentHashMap<>();
    private final AtomicInteger viewers = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Each board's JSON for plain requests, computed at most once per interval whatever the number of callers. */
    private final AsyncLoadingCache<BoardKey, String> snapshots;

    public AndonHub(Vertx vertx, Blocking blocking, BoardSource source, Duration interval) {
        this.vertx = vertx;
        this.blocking = blocking;
        this.source = source;
        this.interval = interval;
        // Older than an interval: the next caller still gets it at once and starts one recomputation in the background
        // (so callers never queue behind a computation, which was the board's request tail); older than two: gone, the
        // next caller waits for a fresh one. A failed computation is not kept (a failed refresh keeps the old answer).
        this.snapshots = Caffeine.newBuilder()
                .refreshAfterWrite(interval)
                .expireAfterWrite(interval.multipliedBy(2))
                .maximumSize(10_000)
                .buildAsync((key, executor) -> compute(key).toCompletionStage().toCompletableFuture());
    }

    /**
     * The board's JSON for {@code GET /lines/{id}/status}, as of at most two intervals ago (its {@code at} says
     * when): the live stream's latest computation when someone watches the board, otherwise one computation per
     * interval shared by every caller; only the first caller after a quiet spell waits for one.
     */
    public Future<String> snapshot(BoardKey key) {
        return Future.fromCompletionStage(snapshots.get(key), vertx.getOrCreateContext());
    }

    private Future<String> compute(BoardKey key) {
        return blocking.run(() -> source.compute(key.lineId(), key.machineIds()));
    }

    /** Adds a viewer whose response has its SSE headers set; false when the hub is full. */
    public boolean join(BoardKey key, HttpServerResponse response) {
        if (viewers.incrementAndGet() > MAX_VIEWERS) {
            viewers.decrementAndGet();
            return false;
        }
        response.setWriteQueueMaxSize(VIEWER_QUEUE_BYTES);
        Board board;
        synchronized (this) {
            board = boards.computeIfAbsent(key, Board::new);
            board.viewers.add(response);
            if (board.timer < 0) {
                board.timer = vertx.setPeriodic(1, interval.toMillis(), id -> board.refresh());
            }
        }
        response.closeHandler(v -> leave(board, response));
        response.exceptionHandler(e -> leave(board, response));
        Buffer latest = board.latest;
        if (latest != null) send(board, response, latest);
        return true;
    }

    private void leave(Board board, HttpServerResponse response) {
        synchronized (this) {
            if (!board.viewers.remove(response)) return;
            viewers.decrementAndGet();
            if (board.viewers.isEmpty()) {
                vertx.cancelTimer(board.timer);
                board.timer = -1;
                boards.remove(board.key, board);
            }
        }
    }

    private void send(Board board, HttpServerResponse response, Buffer event) {
        if (response.closed()) {
            leave(board, response);
        } else if (response.writeQueueFull()) {
            dropped.incrementAndGet();
            log.info("andon: dropped a viewer of line {} whose connection is not draining", board.key.lineId());
            leave(board, response);
            response.reset();
        } else {
            response.write(event);
        }
    }

    /** Boards being watched now. */
    public int boards() {
        return boards.size();
    }

    public int viewers() {
        return viewers.get();
    }

    /** Viewers dropped so far because their connections were not draining. */
    public long dropped() {
        return dropped.get();
    }

    private final class Board {
        final BoardKey key;
        final Set<HttpServerResponse> viewers = ConcurrentHashMap.newKeySet();
        final AtomicBoolean computing = new AtomicBoolean();
        volatile Buffer latest;
        long timer = -1;
        long sequence;
        boolean failing;

        Board(BoardKey key) {
            this.key = key;
        }

        /** One computation per interval at most; a slow one makes the next tick skip rather than pile up. */
        void refresh() {
            if (!computing.compareAndSet(false, true)) return;
            compute(key).onComplete(ar -> {
                computing.set(false);
                if (ar.failed()) {
                    if (!failing)
                        log.warn(
                                "andon: the board of line {} could not be computed: {}",
                                key.lineId(),
                                ar.cause().toString());
                    failing = true;
                    return;
                }
                failing = false;
                snapshots.put(key, CompletableFuture.completedFuture(ar.result()));
                String event = "id: " + (++sequence) + "\nevent: board\ndata: " + ar.result() + "\n\n";
                Buffer bytes = Buffer.buffer(event.getBytes(StandardCharsets.UTF_8));
                latest = bytes;
                for (HttpServerResponse r : viewers) send(this, r, bytes);
            });
        }
    }
}
