package org.tiangong.api.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.calendar.ShiftPattern;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * A plant's production calendar: shifts, daily breaks, holidays and planned stops. Everyone who sees the plant may
 * read it; its enterprise's plant manager and admins change it. Changes are audited.
 */
public final class CalendarRoutes {

    private final CalendarStore calendars;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;

    public CalendarRoutes(
            CalendarStore calendars, TenantScope scope, AccessPolicy access, Audit audit, Blocking blocking) {
        this.calendars = calendars;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/plants/:id/calendar").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID plant = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                access.requirePlant(p, plant);
                return json(plant);
            });
        });
        api.put("/plants/:id/calendar").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID plant = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            List<ShiftPattern> shifts = shifts(body.getValue("shifts"));
            List<ShiftCalendar.DailyBreak> breaks = breaks(body.getValue("breaks"));
            List<LocalDate> holidays = holidays(body.getValue("holidays"));
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                requireManage(p, plant);
                checkNoOverlap(shifts);
                if (breaks.stream()
                                .map(ShiftCalendar.DailyBreak::start)
                                .distinct()
                                .count()
                        < breaks.size()) {
                    throw ApiException.badRequest("two breaks start at the same time");
                }
                calendars.replace(plant, shifts, breaks, holidays);
                audit.record(p, remote, "calendar_changed", plant.toString(), body);
                return json(plant);
            });
        });
        api.post("/plants/:id/planned-stops").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID plant = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            Instant from = Bodies.optionalTime(body, "from");
            Instant to = Bodies.optionalTime(body, "to");
            String reason = Bodies.string(body, "reason", 100);
            if (from == null || to == null || !to.isAfter(from))
                throw ApiException.badRequest("from and to are required, from before to");
            if (Duration.between(from, to).toDays() > 366)
                throw ApiException.badRequest("a planned stop may last at most a year");
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                requireManage(p, plant);
                long id = calendars.addPlannedStopReturningId(plant, from, to, reason);
                audit.record(
                        p,
                        remote,
                        "planned_stop_added",
                        plant.toString(),
                        body.copy().put("id", id));
                return new JsonObject()
                        .put("id", id)
                        .put("from", from.toString())
                        .put("to", to.toString())
                        .put("reason", reason);
            });
        });
        api.delete("/plants/:id/planned-stops/:stopId").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID plant = Params.uuid(ctx, "id");
            String raw = ctx.pathParam("stopId");
            if (raw == null || !raw.matches("[0-9]{1,18}"))
                throw ApiException.badRequest("stopId must be a whole number");
            long stopId = Long.parseLong(raw);
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                requireManage(p, plant);
                if (!calendars.deletePlannedStop(plant, stopId)) throw ApiException.notFound("no such planned stop");
                audit.record(p, remote, "planned_stop_removed", plant.toString(), new JsonObject().put("id", stopId));
                return new JsonObject().put("deleted", true);
            });
        });
    }

    private void requireManage(Principal p, UUID plant) throws Exception {
        access.requirePlant(p, plant);
        access.requireManageEnterprise(
                p, scope.enterpriseOfPlant(plant).orElseThrow(() -> ApiException.notFound("no such plant")));
    }

    private JsonObject json(UUID plant) throws Exception {
        CalendarStore.Settings s = calendars.settings(plant);
        ShiftCalendar effective = calendars.calendar(plant);
        JsonArray shifts = new JsonArray();
        effective
                .patterns()
                .forEach(x -> shifts.add(new JsonObject()
                        .put("name", x.name())
                        .put("start", x.start().toString())
                        .put("end", x.end().toString())));
        JsonArray breaks = new JsonArray();
        s.breaks()
                .forEach(b -> breaks.add(new JsonObject()
                        .put("start", b.start().toString())
                        .put("end", b.end().toString())
                        .put("reason", b.reason())));
        JsonArray holidays = new JsonArray();
        s.holidays().forEach(d -> holidays.add(d.toString()));
        JsonArray stops = new JsonArray();
        s.plannedStops()
                .forEach(x -> stops.add(new JsonObject()
                        .put("id", x.id())
                        .put("from", x.range().start().toString())
                        .put("to", x.range().end().toString())
                        .put("reason", x.reason())));
        return new JsonObject()
                .put("plantId", plant.toString())
                .put("timeZone", effective.zone().getId())
                .put("defaultShifts", s.shifts().isEmpty())
                .put("shifts", shifts)
                .put("breaks", breaks)
                .put("holidays", holidays)
                .put("plannedStops", stops);
    }

    private static List<ShiftPattern> shifts(Object raw) {
        JsonArray a = array(raw, "shifts", 10);
        List<ShiftPattern> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonObject o = object(a.getValue(i), "shifts[" + i + "]");
            out.add(new ShiftPattern(
                    Bodies.string(o, "name", 50),
                    time(o, "start", "shifts[" + i + "]"),
                    time(o, "end", "shifts[" + i + "]")));
        }
        return out;
    }

    private static List<ShiftCalendar.DailyBreak> breaks(Object raw) {
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
        return out;
    }

    private static List<LocalDate> holidays(Object raw) {
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

    /** Shifts may not overlap: their planned time would count twice. Checked on two sample days in UTC. */
    private static void checkNoOverlap(List<ShiftPattern> shifts) {
        if (shifts.isEmpty())
            throw ApiException.badRequest(
                    "shifts must have at least one shift (send the three default shifts to reset)");
        if (shifts.stream().map(ShiftPattern::name).distinct().count() < shifts.size()) {
            throw ApiException.badRequest("shift names must be different");
        }
        ShiftCalendar c = new ShiftCalendar(ZoneId.of("UTC"), shifts, List.of(), Set.of(), List.of());
        List<ShiftInstance> days =
                c.shifts(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z"));
        for (int i = 1; i < days.size(); i++) {
            TimeRange prev = days.get(i - 1).range();
            if (days.get(i).range().start().isBefore(prev.end())) {
                throw ApiException.badRequest("shifts " + days.get(i - 1).name() + " and "
                        + days.get(i).name() + " overlap");
            }
        }
    }
}
