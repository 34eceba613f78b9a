package org.tiangong.api.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and validates path and query parameters; every failure is a 400 that says what was expected. */
public final class Params {

    /** Longest window a single request may span (OWASP API4: cap what one call can ask for). */
    public static final Duration MAX_WINDOW = Duration.ofDays(400);

    public static final long MAX_BUCKETS = 10_000;

    private static final Pattern BUCKET = Pattern.compile("([1-9][0-9]{0,6})(s|m|h|d)");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private Params() {}

    public static UUID uuid(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            if (raw == null || raw.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    name + " must be a UUID like 3f2b8c1e-6a0d-4c55-9e0b-1d2a3b4c5d6e, got '" + clip(raw) + "'");
        }
    }

    /** A UUID in the query string; null when absent. */
    public static UUID optionalUuid(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isEmpty()) return null;
        try {
            if (raw.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    name + " must be a UUID like 3f2b8c1e-6a0d-4c55-9e0b-1d2a3b4c5d6e, got '" + clip(raw) + "'");
        }
    }

    /** An ISO-8601 time with offset or Z ({@code 2026-11-28T08:00:00+08:00}); {@code fallback} when absent. */
    public static Instant time(RoutingContext ctx, String name, Instant fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isEmpty()) return fallback;
        Instant t;
        try {
            t = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name
                    + " must be an ISO-8601 time with offset, e.g. 2026-11-28T08:00:00+08:00, got '" + clip(raw) + "'");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiException.badRequest(name + " must lie between 1970 and 2200, got '" + clip(raw) + "'");
        }
        return t;
    }

    /** A window [from, to): from before to, and no longer than {@link #MAX_WINDOW}. */
    public static TimeWindow window(RoutingContext ctx, Instant now, Duration defaultLength) {
        Instant to = time(ctx, "to", now);
        Instant from = time(ctx, "from", to.minus(defaultLength));
        if (!from.isBefore(to))
            throw ApiException.badRequest("from must be before to (from=" + from + ", to=" + to + ")");
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("the window from..to may span at most " + MAX_WINDOW.toDays() + " days");
        }
        return new TimeWindow(from, to);
    }

    /** A bucket width like {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}; at most 31 days. */
    public static Duration bucket(RoutingContext ctx, String name, Duration fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isEmpty()) return fallback;
        Matcher m = BUCKET.matcher(raw);
        if (!m.matches()) {
            throw ApiException.badRequest(
                    name + " must be a number and a unit s, m, h or d (e.g. 1m, 15m, 1h), got '" + clip(raw) + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofDays(31)) > 0) throw ApiException.badRequest(name + " may be at most 31d");
        return d;
    }

    static String clip(String raw) {
        if (raw == null) return "";
        String s = raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    public record TimeWindow(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }
}
