package org.tiangong.analytics.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A shift as the plant's (or a line's, or a machine's) calendar names it, in the plant's local time. A shift that ends
 * at or before its start crosses midnight (22:00–06:00 is a night shift, and 00:00–00:00 a whole day). It is worked
 * on {@code days} only: the day of the week it starts on (a night shift 22:00–06:00 on Saturday ends on Sunday).
 *
 * @param name  e.g. "早班 morning"
 * @param start local start time
 * @param end   local end time
 * @param days  the days of the week it is worked (never empty)
 */
public record ShiftPattern(String name, LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public static final Set<DayOfWeek> EVERY_DAY = Set.copyOf(EnumSet.allOf(DayOfWeek.class));

    public ShiftPattern {
        if (days == null || days.isEmpty()) throw new IllegalArgumentException("a shift is worked on some day");
        days = Set.copyOf(days);
    }

    /** A shift worked every day. */
    public ShiftPattern(String name, LocalTime start, LocalTime end) {
        this(name, start, end, EVERY_DAY);
    }

    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    public boolean workedOn(DayOfWeek day) {
        return days.contains(day);
    }

    /** The days as stored: bit 0 = Monday … bit 6 = Sunday. */
    public int weekdayMask() {
        int mask = 0;
        for (DayOfWeek d : days) mask |= 1 << (d.getValue() - 1);
        return mask;
    }

    public static Set<DayOfWeek> days(int weekdayMask) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) if ((weekdayMask & (1 << (d.getValue() - 1))) != 0) out.add(d);
        return out;
    }
}
