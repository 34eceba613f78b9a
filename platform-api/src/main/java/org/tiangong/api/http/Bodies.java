package org.tiangong.api.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Reads JSON request bodies; every mistake is a 400 naming the field and what is expected. */
public final class Bodies {

    private Bodies() {}

    public static JsonObject object(RoutingContext ctx) {
        String raw = ctx.body() == null ? null : ctx.body().asString();
        if (raw == null || raw.isBlank()) throw ApiException.badRequest("a JSON object body is required");
        try {
            Object parsed = new JsonObject(raw);
            return (JsonObject) parsed;
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
    }

    public static String string(JsonObject body, String field, int maxLength) {
        String s = optionalString(body, field, maxLength);
        if (s == null || s.isBlank()) throw ApiException.badRequest(field + " is required");
        return s;
    }

    public static String optionalString(JsonObject body, String field, int maxLength) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw ApiException.badRequest(field + " must be a string");
        if (s.length() > maxLength)
            throw ApiException.badRequest(field + " may have at most " + maxLength + " characters");
        // NUL cannot be stored in PostgreSQL text, and no control character belongs in a name
        if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))
            throw ApiException.badRequest(field + " must not contain control characters");
        return s;
    }

    public static UUID uuid(JsonObject body, String field) {
        UUID u = optionalUuid(body, field);
        if (u == null) throw ApiException.badRequest(field + " is required");
        return u;
    }

    public static UUID optionalUuid(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (v instanceof String s && s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException ignored) {
                // fall through to the message below
            }
        }
        throw ApiException.badRequest(field + " must be a UUID");
    }

    public static Boolean optionalBoolean(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof Boolean b)) throw ApiException.badRequest(field + " must be true or false");
        return b;
    }

    public static Instant optionalTime(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (v instanceof String s) {
            try {
                Instant t = OffsetDateTime.parse(s).toInstant();
                if (t.getEpochSecond() > 7_258_118_400L || t.getEpochSecond() < 0) {
                    throw ApiException.badRequest(field + " must lie between 1970 and 2200");
                }
                return t;
            } catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        throw ApiException.badRequest(field + " must be an ISO-8601 time with offset, e.g. 2027-01-01T00:00:00+08:00");
    }
}
