package org.tiangong.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Runs blocking work (JDBC) on a dedicated worker pool, never on an event loop, and writes its result as JSON.
 * A failure goes to the router's failure handler, which maps it to a status.
 */
public final class Blocking implements AutoCloseable {

    private final WorkerExecutor workers;

    public Blocking(Vertx vertx, int threads) {
        this.workers = vertx.createSharedWorkerExecutor("tiangong-db", threads);
    }

    public <T> Future<T> run(Callable<T> work) {
        return workers.executeBlocking(work, false);
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
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(json);
        });
    }

    @Override
    public void close() {
        workers.close();
    }
}
