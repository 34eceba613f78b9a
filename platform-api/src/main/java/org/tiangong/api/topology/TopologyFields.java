package org.tiangong.api.topology;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Set;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/** Reads and checks the fields of topology bodies; every mistake is a 400 naming the field. */
final class TopologyFields {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
    /** Longest ideal cycle time accepted: a day. */
    static final double MAX_IDEAL_CYCLE_SECONDS = 86_400;

    private TopologyFields() {}

    /** A code: what config files and machine paths use, so no '/' and no spaces. */
    static String code(JsonObject body, boolean required) {
        String c = required ? Bodies.string(body, "code", 64) : Bodies.optionalString(body, "code", 64);
        if (c == null) return null;
        if (!c.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiException.badRequest(
                    "code must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return c;
    }

    static String name(JsonObject body, boolean required) {
        String n = required ? Bodies.string(body, "name", 100) : Bodies.optionalString(body, "name", 100);
        if (n != null && n.isBlank()) throw ApiException.badRequest("name must not be blank");
        return n == null ? null : n.trim();
    }

    static String timeZone(JsonObject body) {
        String tz = Bodies.optionalString(body, "timeZone", 64);
        if (tz != null && !ZONES.contains(tz)) {
            throw ApiException.badRequest("timeZone must be an IANA time zone such as Asia/Shanghai");
        }
        return tz;
    }

    static MachineKind kind(JsonObject body, boolean required) {
        String k = required ? Bodies.string(body, "kind", 20) : Bodies.optionalString(body, "kind", 20);
        if (k == null) return null;
        return MachineKind.fromCode(k)
                .orElseThrow(() -> ApiException.badRequest("kind must be one of cnc, press, welder, furnace"));
    }

    /** A positive number of seconds up to a day, or null when absent (or given as null). */
    static Double idealCycleSeconds(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (!(v instanceof Number n)
                || !Double.isFinite(n.doubleValue())
                || n.doubleValue() <= 0
                || n.doubleValue() > MAX_IDEAL_CYCLE_SECONDS) {
            throw ApiException.badRequest(
                    field + " must be a number of seconds, more than 0 and at most " + (int) MAX_IDEAL_CYCLE_SECONDS);
        }
        return n.doubleValue();
    }

    /**
     * A machine's rated electrical power in kW (the energy meter's plausibility limit, issue 15); null for unknown.
     * Bounded like the column (V40): more than 0, less than 1 000 000.
     */
    static Double ratedPowerKw(JsonObject body) {
        Object v = body.getValue("ratedPowerKw");
        if (v == null) return null;
        if (!(v instanceof Number n)
                || !Double.isFinite(n.doubleValue())
                || n.doubleValue() <= 0
                || n.doubleValue() >= 1_000_000)
            throw ApiException.badRequest(
                    "ratedPowerKw must be a number of kW, more than 0 and less than 1000000, or null");
        return n.doubleValue();
    }

    /** 400 unless the body names at least one of the fields a PATCH may change. */
    static void requireOneOf(JsonObject body, String... fields) {
        for (String f : fields) if (body.containsKey(f)) return;
        throw ApiException.badRequest("nothing to change: give at least one of " + String.join(", ", fields));
    }
}
