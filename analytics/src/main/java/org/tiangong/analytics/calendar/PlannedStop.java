package org.tiangong.analytics.calendar;

import org.tiangong.analytics.model.TimeRange;

/** Time deliberately not planned for production: a break, planned maintenance, no orders. */
public record PlannedStop(TimeRange range, String reason) {}
