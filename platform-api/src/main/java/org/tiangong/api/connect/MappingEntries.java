package org.tiangong.api.connect;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.connect.MappingEntry;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/** Reads a machine's mapping from {@code PUT /machines/{id}/mapping}: every mistake is a 400 naming the entry. */
final class MappingEntries {

    static final int MAX_ENTRIES = 100;

    private MappingEntries() {}

    static List<MappingEntry> parse(JsonObject body) {
        Object v = body.getValue("entries");
        if (!(v instanceof JsonArray array))
            throw ApiException.badRequest("entries must be an array of {signal, endpointId, nodeId, …}");
        if (array.size() > MAX_ENTRIES) throw ApiException.badRequest("at most " + MAX_ENTRIES + " entries");
        List<MappingEntry> out = new ArrayList<>();
        Set<String> signals = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject e))
                throw ApiException.badRequest("entries[" + i + "] must be an object");
            String signal = Bodies.string(e, "signal", 50);
            if (CanonicalSignal.fromKey(signal).isEmpty())
                throw ApiException.badRequest("entries[" + i + "].signal: unknown signal " + signal);
            if (!signals.add(signal)) throw ApiException.badRequest("signal " + signal + " is mapped twice");
            UUID endpoint = Bodies.uuid(e, "endpointId");
            String node = Bodies.string(e, "nodeId", 1000);
            out.add(new MappingEntry(
                    signal,
                    endpoint,
                    node,
                    number(e, "samplingIntervalMillis", 1000, 0, 3_600_000),
                    number(e, "deadband", 0, 0, 1e12),
                    number(e, "scale", 1, -1e12, 1e12),
                    number(e, "offset", 0, -1e12, 1e12),
                    Bodies.optionalString(e, "unit", 20),
                    valueMap(e, i)));
        }
        return out;
    }

    private static double number(JsonObject e, String field, double fallback, double min, double max) {
        Object v = e.getValue(field);
        if (v == null) return fallback;
        if (!(v instanceof Number n)
                || !Double.isFinite(n.doubleValue())
                || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw ApiException.badRequest(field + " must be a number from " + min + " to " + max);
        }
        return n.doubleValue();
    }

    private static Map<Long, Double> valueMap(JsonObject e, int i) {
        Object v = e.getValue("valueMap");
        if (v == null) return Map.of();
        if (!(v instanceof JsonObject o) || o.size() > 1000)
            throw ApiException.badRequest("entries[" + i + "].valueMap must be an object {\"code\": value}");
        Map<Long, Double> out = new HashMap<>();
        for (String k : o.fieldNames()) {
            Object val = o.getValue(k);
            long code;
            try {
                code = Long.parseLong(k);
            } catch (NumberFormatException ex) {
                throw ApiException.badRequest("entries[" + i + "].valueMap keys must be integers");
            }
            if (!(val instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw ApiException.badRequest("entries[" + i + "].valueMap values must be numbers");
            }
            out.put(code, n.doubleValue());
        }
        return out;
    }
}
