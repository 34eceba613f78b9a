package org.tiangong.analytics.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.tiangong.analytics.model.TimeRange;

/**
 * A plant's production calendar in its own time zone: shift patterns (each worked on some days of the week), daily
 * breaks, holidays (no shift starts on them) and one-off planned stops. A line or machine that works other shifts has
 * the plant's calendar {@link #withShifts with its own shifts}. Local times become instants through {@link ZonedDateTime}, so a shift that spans
 * a daylight-saving change is one hour shorter or longer, as it really is (Asia/Shanghai has none).
 */
public final class ShiftCalendar {

    /** A break at the same local time every day, e.g. lunch 11:30–12:00. */
    public record DailyBreak(LocalTime start, LocalTime end, String reason) {}

    private final ZoneId zone;
    private final List<ShiftPattern> shifts;
    private final List<DailyBreak> breaks;
    private final Set<LocalDate> holidays;
    private final List<PlannedStop> plannedStops;

    public ShiftCalendar(
            ZoneId zone,
            List<ShiftPattern> shifts,
            List<DailyBreak> breaks,
            Set<LocalDate> holidays,
            List<PlannedStop> plannedStops) {
        this.zone = zone;
        this.shifts = List.copyOf(shifts);
        this.breaks = List.copyOf(breaks);
        this.holidays = Set.copyOf(holidays);
        this.plannedStops = List.copyOf(plannedStops);
    }

    /** The common three-shift pattern: 08:00–16:00, 16:00–24:00, 00:00–08:00, no breaks. */
    public static ShiftCalendar threeShifts(ZoneId zone) {
        return new ShiftCalendar(
                zone,
                List.of(
                        new ShiftPattern("早班 morning", LocalTime.of(8, 0), LocalTime.of(16, 0)),
                        new ShiftPattern("中班 evening", LocalTime.of(16, 0), LocalTime.MIDNIGHT),
                        new ShiftPattern("夜班 night", LocalTime.MIDNIGHT, LocalTime.of(8, 0))),
                List.of(),
                Set.of(),
                List.of());
    }

    /**
     * The same calendar with other shifts: a line's or a machine's own, which replace the plant's; breaks, holidays
     * and planned stops stay the plant's.
     */
    public ShiftCalendar withShifts(List<ShiftPattern> own) {
        return new ShiftCalendar(zone, own, breaks, holidays, plannedStops);
    }

    public ZoneId zone() {
        return zone;
    }

    public List<ShiftPattern> patterns() {
        return shifts;
    }

    /** Every shift occurrence that overlaps [from, to), clipped to it, in time order. */
    public List<ShiftInstance> shifts(Instant from, Instant to) {
        TimeRange window = new TimeRange(from, to);
        List<ShiftInstance> out = new ArrayList<>();
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (holidays.contains(d)) continue;
            for (ShiftPattern p : shifts) {
                if (!p.workedOn(d.getDayOfWeek())) continue;
                Instant start = ZonedDateTime.of(d, p.start(), zone).toInstant();
                Instant end = ZonedDateTime.of(p.crossesMidnight() ? d.plusDays(1) : d, p.end(), zone)
                        .toInstant();
                var clipped = new TimeRange(start, end).intersect(window);
                if (clipped.isEmpty()) continue;
                out.add(new ShiftInstance(p.name(), d, clipped.get(), stopsWithin(clipped.get())));
            }
        }
        out.sort(Comparator.comparing(s -> s.range().start()));
        return out;
    }

    /** Planned stops (daily breaks and one-off stops) inside {@code range}, merged where they overlap. */
    private List<TimeRange> stopsWithin(TimeRange range) {
        List<TimeRange> stops = new ArrayList<>();
        LocalDate first = range.start().atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = range.end().atZone(zone).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            for (DailyBreak b : breaks) {
                Instant s = ZonedDateTime.of(d, b.start(), zone).toInstant();
                Instant e = ZonedDateTime.of(b.end().isAfter(b.start()) ? d : d.plusDays(1), b.end(), zone)
                        .toInstant();
                new TimeRange(s, e).intersect(range).ifPresent(stops::add);
            }
        }
        for (PlannedStop p : plannedStops) p.range().intersect(range).ifPresent(stops::add);
        stops.sort(Comparator.comparing(TimeRange::start));
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange s : stops) {
            if (!merged.isEmpty()
                    && !s.start().isAfter(merged.get(merged.size() - 1).end())) {
                TimeRange lastStop = merged.remove(merged.size() - 1);
                merged.add(new TimeRange(lastStop.start(), s.end().isAfter(lastStop.end()) ? s.end() : lastStop.end()));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }
}
