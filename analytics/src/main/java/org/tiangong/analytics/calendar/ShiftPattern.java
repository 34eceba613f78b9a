package org.tiangong.analytics.calendar;

import java.time.LocalTime;

/**
 * A shift as the plant's calendar names it, in the plant's local time. A shift that ends at or before its start
 * crosses midnight (22:00–06:00 is a night shift, and 00:00–00:00 a whole day).
 *
 * @param name  e.g. "早班 morning"
 * @param start local start time
 * @param end   local end time
 */
public record ShiftPattern(String name, LocalTime start, LocalTime end) {

    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }
}
