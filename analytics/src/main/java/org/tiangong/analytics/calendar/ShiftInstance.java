package org.tiangong.analytics.calendar;

import java.time.LocalDate;
import java.util.List;
import org.tiangong.analytics.model.TimeRange;

/**
 * One occurrence of a shift: its name, the local date it starts on, its span, and the planned stops inside it.
 * Planned production time = the span − the planned stops (overlapping stops counted once).
 */
public record ShiftInstance(String name, LocalDate date, TimeRange range, List<TimeRange> plannedStops) {

    public double plannedProductionSeconds() {
        return range.seconds()
                - plannedStops.stream().mapToDouble(TimeRange::seconds).sum();
    }

    /** The parts of the shift planned for production. */
    public List<TimeRange> productionRanges() {
        List<TimeRange> out = new java.util.ArrayList<>();
        java.time.Instant cursor = range.start();
        for (TimeRange stop : plannedStops) {
            if (stop.start().isAfter(cursor)) out.add(new TimeRange(cursor, stop.start()));
            if (stop.end().isAfter(cursor)) cursor = stop.end();
        }
        if (range.end().isAfter(cursor)) out.add(new TimeRange(cursor, range.end()));
        return out;
    }
}
