package org.tiangong.api.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking work (JDBC, OPC UA) on a pool of its own, never on an event loop, and writes its result as JSON.
 * A failure goes to the router's failure handler, which maps it to a status.
 *
 * <p>Each pool is bounded twice: {@code threads} run at once and at most {@code queueSize} wait. Work offered to a
 * full pool is refused at once with 503 {@code busy} and {@code Retry-After}, so a burst of heavy queries can neither
 * grow memory without bound nor make requests wait for minutes. The server keeps separate pools (database queries,
 * authentication, {@code /health}, OPC UA operations) so that one kind of work never waits behind another.
 */
public final class Blocking implements AutoCloseable {

    /** Seconds a refused caller is told to wait. */
    static final long RETRY_AFTER_SECONDS = 2;

    private final Vertx vertx;
    private final String name;
    private final ThreadPoolExecutor pool;
    /** The pool, or the pool timed by Micrometer ({@link #monitoredBy}). */
    private volatile ExecutorService executor;

    /** A database pool of {@code threads} with a queue of 1000 (kept for callers that need no other bound). */
    public Blocking(Vertx vertx, int threads) {
        this(vertx, "tiangong-db", threads, 1000);
    }

    public Blocking(Vertx vertx, String name, int threads, int queueSize) {
        this.vertx = vertx;
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueSize),
                r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.executor = pool;
    }

    /**
     * Reports this pool to {@code registry} ({@code executor_*{name=…}}: queued and active tasks, the time each waited
     * for a thread and ran); a refused task is still refused at once.
     */
    public Blocking monitoredBy(MeterRegistry registry) {
        executor = ExecutorServiceMetrics.monitor(registry, pool, name);
        return this;
    }

    /** Runs {@code work} on this pool; the future completes on the caller's Vert.x context. Fails with 503 when full. */
    public <T> Future<T> run(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    context.runOnContext(v -> promise.fail(t));
                    return;
                }
                context.runOnContext(v -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(busy());
        }
        return promise.future();
    }

    private ApiException busy() {
        return new ApiException(
                503,
                "busy",
                "the server is busy (" + name + ": " + pool.getMaximumPoolSize() + " running, "
                        + pool.getQueue().size() + " waiting); try again in " + RETRY_AFTER_SECONDS + " s",
                RETRY_AFTER_SECONDS);
    }

    /** Runs {@code work} on a worker and answers 200 with its JsonObject or JsonArray. */
    public void respond(RoutingContext ctx, Callable<Object> work) {
        respond(ctx, 200, work);
    }

    /** Like {@link #respond(RoutingContext, Callable)}, answering 201 Created. */
    public void respondCreated(RoutingContext ctx, Callable<Object> work) {
        respond(ctx, 201, work);
    }

    private void respond(RoutingContext ctx, int status, Callable<Object> work) {
        run(work).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Object body = ar.result();
            String json = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(json);
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
