package org.tiangong.api.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: a client's mistake is a 4xx with a JSON body saying
 * what is wrong; anything else is logged once with the request line and answered 500 without internals.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status;
        String error;
        String detail;
        if (failure instanceof ApiException e) {
            status = e.status();
            error = e.error();
            detail = e.detail();
            if (e.retryAfterSeconds() >= 0 && !ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
        } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
            status = e.getStatusCode();
            error = reason(status);
            detail = e.getPayload() != null ? e.getPayload() : reason(status).replace('_', ' ');
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // a status without an exception: unmatched route (404), wrong method (405), body too large (413)
            status = ctx.statusCode();
            error = reason(status);
            detail = reason(status).replace('_', ' ');
        } else {
            status = 500;
            error = "internal_error";
            detail = "the server could not complete the request; it has been logged";
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        if (ctx.response().headWritten() || ctx.response().ended()) {
            if (!ctx.response().ended()) ctx.response().reset();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", error).put("detail", detail).encode());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 408 -> "request_timeout";
            case 429 -> "too_many_requests";
            default -> "client_error";
        };
    }
}
