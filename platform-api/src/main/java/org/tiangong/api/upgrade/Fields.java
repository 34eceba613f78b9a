package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.tiangong.api.http.ApiException;

/** Body fields of the upgrade resources that {@code http.Bodies} does not cover: local dates, money, whole numbers. */
final class Fields {

    private Fields() {}

    /** A local date like 2026-10-01 between 2000 and 2200, or null when absent. */
    static LocalDate date(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (v instanceof String s && s.length() == 10) {
            try {
                LocalDate d = LocalDate.parse(s);
                if (d.getYear() >= 2000 && d.getYear() <= 2200) return d;
            } catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        throw ApiException.badRequest(field + " must be a date like 2026-10-01 (2000…2200)");
    }

    /** An amount in 万元: a number ≥ 0 and below a billion, at most two decimals kept; null when absent. */
    static BigDecimal money(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d >= 0 && d < 1e9)
                return BigDecimal.valueOf(d).setScale(2, java.math.RoundingMode.HALF_UP);
        }
        throw ApiException.badRequest(
                field + " must be an amount in 万元 (10 000 yuan), 0 or more and below 1 000 000 000");
    }

    static Integer wholeNumber(JsonObject body, String field, int min, int max) {
        Object v = body.getValue(field);
        if (v == null) return null;
        if (v instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= min
                && n.doubleValue() <= max) {
            return n.intValue();
        }
        throw ApiException.badRequest(field + " must be a whole number from " + min + " to " + max);
    }

    static boolean bool(JsonObject body, String field, boolean fallback) {
        Object v = body.getValue(field);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw ApiException.badRequest(field + " must be true or false");
    }
}
