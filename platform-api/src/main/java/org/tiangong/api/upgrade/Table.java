package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table the bureau reads as JSON and downloads as CSV or XLSX: columns with a JSON key and a header in Chinese and
 * English, and rows of values (String, Number, Boolean or null). One definition serves all three formats.
 */
public record Table<T>(String title, List<Column<T>> columns) {

    /** @param ratio the value is a share 0…1: spreadsheets show it as a percentage */
    public record Column<T>(String key, String header, boolean ratio, Function<T, Object> value) {}

    public static <T> Column<T> col(String key, String header, Function<T, Object> value) {
        return new Column<>(key, header, false, value);
    }

    public static <T> Column<T> ratio(String key, String header, Function<T, Object> value) {
        return new Column<>(key, header, true, value);
    }

    public JsonObject json(T row) {
        JsonObject o = new JsonObject();
        for (Column<T> c : columns) o.put(c.key(), c.value().apply(row));
        return o;
    }

    public JsonArray json(List<T> rows) {
        JsonArray a = new JsonArray();
        rows.forEach(r -> a.add(json(r)));
        return a;
    }

    public List<Object[]> values(List<T> rows) {
        List<Object[]> out = new ArrayList<>();
        for (T r : rows) {
            Object[] v = new Object[columns.size()];
            for (int i = 0; i < v.length; i++) v[i] = columns.get(i).value().apply(r);
            out.add(v);
        }
        return out;
    }
}
