package org.tiangong.api.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/**
 * Calendar bodies: shifts ({@code name}, {@code start}, {@code end}, optional {@code days} as ISO day numbers, 1 =
 * Monday … 7 = Sunday, default every day), daily breaks and holidays; each checked with a 400 naming the entry.
 */
final class CalendarJson {

    private CalendarJson() {}

    static JsonArray shifts(List<ShiftPattern> shifts) {
        JsonArray out = new JsonArray();
        for (ShiftPattern x : shifts) {
            JsonArray days = new JsonArray();
            x.days().stream().sorted().forEach(d -> days.add(d.getValue()));
            out.add(new JsonObject()
                    .put("name", x.name())
                    .put("start", x.start().toString())
                    .put("end", x.end().toString())
                    .put("days", days));
        }
        return out;
    }

    /** Shifts of a body; {@code allowEmpty} for a line or machine (no shifts of its own: it inherits). */
    static List<ShiftPattern> shifts(Object raw, boolean allowEmpty) {
        JsonArray a = array(raw, "shifts", 10);
        List<ShiftPattern> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String where = "shifts[" + i + "]";
            JsonObject o = object(a.getValue(i), where);
            out.add(new ShiftPattern(
                    Bodies.string(o, "name", 50), time(o, "start", where), time(o, "end", where), days(o, where)));
        }
        if (out.isEmpty() && !allowEmpty)
            throw ApiException.badRequest(
                    "shifts must have at least one shift (send the three default shifts to reset)");
        if (!out.isEmpty()) checkNoOverlap(out);
        return out;
    }

    private static Set<DayOfWeek> days(JsonObject o, String where) {
        Object raw = o.getValue("days");
        if (raw == null) return ShiftPattern.EVERY_DAY;
        if (!(raw instanceof JsonArray a) || a.isEmpty() || a.size() > 7)
            throw ApiException.badRequest(where + ".days must be 1 to 7 day numbers (1 = Monday … 7 = Sunday)");
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : a) {
            if (!(d instanceof Integer n) || n < 1 || n > 7 || !out.add(DayOfWeek.of(n)))
                throw ApiException.badRequest(where + ".days must be different day numbers 1 (Monday) … 7 (Sunday)");
        }
        return out;
    }

    static List<ShiftCalendar.DailyBreak> breaks(Object raw) {
        if (raw == null) return List.of();
        JsonArray a = array(raw, "breaks", 20);
        List<ShiftCalendar.DailyBreak> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonObject o = object(a.getValue(i), "breaks[" + i + "]");
            String reason = Bodies.optionalString(o, "reason", 100);
            out.add(new ShiftCalendar.DailyBreak(
                    time(o, "start", "breaks[" + i + "]"),
                    time(o, "end", "breaks[" + i + "]"),
                    reason == null ? "break" : reason));
        }
        if (out.stream().map(ShiftCalendar.DailyBreak::start).distinct().count() < out.size())
            throw ApiException.badRequest("two breaks start at the same time");
        return out;
    }

    static List<LocalDate> holidays(Object raw) {
        if (raw == null) return List.of();
        JsonArray a = array(raw, "holidays", 400);
        List<LocalDate> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object v = a.getValue(i);
            try {
                if (!(v instanceof String s)) throw new DateTimeParseException("", "", 0);
                LocalDate d = LocalDate.parse(s);
                if (d.getYear() < 2000 || d.getYear() > 2200) throw new DateTimeParseException("", "", 0);
                out.add(d);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("holidays[" + i + "] must be a date like 2027-02-17");
            }
        }
        return out;
    }

    private static LocalTime time(JsonObject o, String field, String where) {
        Object v = o.getValue(field);
        if (v instanceof String s && s.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) return LocalTime.parse(s);
        throw ApiException.badRequest(where + "." + field + " must be a local time like 08:00");
    }

    private static JsonArray array(Object raw, String field, int max) {
        if (!(raw instanceof JsonArray a)) throw ApiException.badRequest(field + " must be an array");
        if (a.size() > max) throw ApiException.badRequest(field + " may have at most " + max + " entries");
        return a;
    }

    private static JsonObject object(Object raw, String where) {
        if (!(raw instanceof JsonObject o)) throw ApiException.badRequest(where + " must be an object");
        return o;
    }

    /** Shifts may not overlap: their planned time would count twice. Checked over a sample week and a day in UTC. */
    private static void checkNoOverlap(List<ShiftPattern> shifts) {
        if (shifts.stream().map(ShiftPattern::name).distinct().count() < shifts.size()) {
            throw ApiException.badRequest("shift names must be different");
        }
        ShiftCalendar c = new ShiftCalendar(ZoneId.of("UTC"), shifts, List.of(), Set.of(), List.of());
        List<ShiftInstance> days =
                c.shifts(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-14T00:00:00Z"));
        for (int i = 1; i < days.size(); i++) {
            TimeRange prev = days.get(i - 1).range();
            if (days.get(i).range().start().isBefore(prev.end())) {
                throw ApiException.badRequest("shifts " + days.get(i - 1).name() + " and "
                        + days.get(i).name() + " overlap");
            }
        }
    }
}
