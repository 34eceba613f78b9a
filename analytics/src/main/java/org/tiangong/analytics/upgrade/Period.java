package org.tiangong.analytics.upgrade;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** A span of local days, both included: [from 00:00, to + 1 day 00:00) in the zone. */
public record Period(LocalDate from, LocalDate to) {

    public Period {
        if (to.isBefore(from))
            throw new IllegalArgumentException("a period ends on or after its start: " + from + " … " + to);
    }

    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
