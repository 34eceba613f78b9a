package org.tiangong.api.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftPattern;
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
 * Production calendars: a plant's shifts, daily breaks, holidays and planned stops, and the shifts of a line or a
 * machine that works other shifts than its plant (it inherits the rest, and the plant's shifts when it has none of
 * its own). Everyone who sees the plant, line or machine may read them; its enterprise's plant manager and admins
 * change them. Changes are audited.
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
        api.get("/plants/:id/calendar").handler(this::plantCalendar);
        api.put("/plants/:id/calendar").handler(this::setPlantCalendar);
        api.post("/plants/:id/planned-stops").handler(this::addPlannedStop);
        api.delete("/plants/:id/planned-stops/:stopId").handler(this::removePlannedStop);
        api.get("/lines/:id/calendar").handler(this::lineCalendar);
        api.put("/lines/:id/calendar").handler(this::setLineCalendar);
        api.get("/machines/:id/calendar").handler(this::machineCalendar);
        api.put("/machines/:id/calendar").handler(this::setMachineCalendar);
    }

    private void plantCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID plant = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            access.requirePlant(p, plant);
            return plantJson(plant);
        });
    }

    private void setPlantCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID plant = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        List<ShiftPattern> shifts = CalendarJson.shifts(body.getValue("shifts"), false);
        List<ShiftCalendar.DailyBreak> breaks = CalendarJson.breaks(body.getValue("breaks"));
        List<LocalDate> holidays = CalendarJson.holidays(body.getValue("holidays"));
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            requireManagePlant(p, plant);
            calendars.replace(plant, shifts, breaks, holidays);
            audit.record(p, remote, "calendar_changed", plant.toString(), body);
            return plantJson(plant);
        });
    }

    private void addPlannedStop(RoutingContext ctx) {
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
            requireManagePlant(p, plant);
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
    }

    private void removePlannedStop(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID plant = Params.uuid(ctx, "id");
        String raw = ctx.pathParam("stopId");
        if (raw == null || !raw.matches("[0-9]{1,18}")) throw ApiException.badRequest("stopId must be a whole number");
        long stopId = Long.parseLong(raw);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            requireManagePlant(p, plant);
            if (!calendars.deletePlannedStop(plant, stopId)) throw ApiException.notFound("no such planned stop");
            audit.record(p, remote, "planned_stop_removed", plant.toString(), new JsonObject().put("id", stopId));
            return new JsonObject().put("deleted", true);
        });
    }

    private void lineCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID line = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            access.requireLine(p, line);
            return ownJson("lineId", line, calendars.lineShifts(line), calendars.lineCalendar(line));
        });
    }

    /** {@code {"shifts": [...]}}; an empty list: the line works its plant's shifts again. */
    private void setLineCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID line = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        List<ShiftPattern> shifts = CalendarJson.shifts(body.getValue("shifts"), true);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireLine(p, line);
            access.requireManageEnterprise(
                    p, scope.enterpriseOfLine(line).orElseThrow(() -> ApiException.notFound("no such line")));
            calendars.setLineShifts(line, shifts);
            audit.record(p, remote, "line_calendar_changed", line.toString(), body);
            return ownJson("lineId", line, calendars.lineShifts(line), calendars.lineCalendar(line));
        });
    }

    private void machineCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID machine = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            access.requireMachine(p, machine);
            return ownJson("machineId", machine, calendars.machineShifts(machine), calendars.machineCalendar(machine));
        });
    }

    /** {@code {"shifts": [...]}}; an empty list: the machine works its line's (or plant's) shifts again. */
    private void setMachineCalendar(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID machine = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        List<ShiftPattern> shifts = CalendarJson.shifts(body.getValue("shifts"), true);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireMachine(p, machine);
            access.requireManageEnterprise(
                    p, scope.enterpriseOfMachine(machine).orElseThrow(() -> ApiException.notFound("no such machine")));
            calendars.setMachineShifts(machine, shifts);
            audit.record(p, remote, "machine_calendar_changed", machine.toString(), body);
            return ownJson("machineId", machine, calendars.machineShifts(machine), calendars.machineCalendar(machine));
        });
    }

    private void requireManagePlant(Principal p, UUID plant) throws Exception {
        access.requirePlant(p, plant);
        access.requireManageEnterprise(
                p, scope.enterpriseOfPlant(plant).orElseThrow(() -> ApiException.notFound("no such plant")));
    }

    /** A line's or machine's calendar: its own shifts, and the shifts it works (from where). */
    private static JsonObject ownJson(String idKey, UUID id, List<ShiftPattern> own, CalendarStore.Effective e) {
        return new JsonObject()
                .put(idKey, id.toString())
                .put("timeZone", e.calendar().zone().getId())
                .put("inherited", own.isEmpty())
                .put("source", e.source().key())
                .put("ownShifts", CalendarJson.shifts(own))
                .put("shifts", CalendarJson.shifts(e.calendar().patterns()));
    }

    private JsonObject plantJson(UUID plant) throws Exception {
        CalendarStore.Settings s = calendars.settings(plant);
        ShiftCalendar effective = calendars.calendar(plant);
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
                .put("shifts", CalendarJson.shifts(effective.patterns()))
                .put("breaks", breaks)
                .put("holidays", holidays)
                .put("plannedStops", stops);
    }
}
