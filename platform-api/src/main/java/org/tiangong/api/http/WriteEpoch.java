package org.tiangong.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the writes this instance has served, so that answers shared between identical reads (e.g. OEE for a few
 * seconds) are never served across a write: the count moves when a write request arrives and again when its answer
 * has been written, and shared answers are keyed by it. Writes through another API instance are bounded by the
 * shared answers' lifetime instead.
 */
public final class WriteEpoch implements Handler<RoutingContext> {

    private final AtomicLong writes = new AtomicLong();

    public long current() {
        return writes.get();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS) {
            writes.incrementAndGet();
            ctx.addBodyEndHandler(v -> writes.incrementAndGet());
        }
        ctx.next();
    }
}
