package org.tiangong.analytics.telemetry;

import java.time.Instant;
import org.tiangong.analytics.model.TimeRange;

/** A span during which a machine was in one state; {@code state} is a lower-case state name or {@code no_data}. */
public record StateInterval(Instant start, Instant end, String state) {

    public TimeRange range() {
        return new TimeRange(start, end);
    }
}
