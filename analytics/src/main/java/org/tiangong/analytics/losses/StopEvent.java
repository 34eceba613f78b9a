package org.tiangong.analytics.losses;

import org.tiangong.analytics.model.TimeRange;

/**
 * A stop (or the part of one) inside planned production time. A stop that spans a break is cut into pieces;
 * only its first piece has {@code startsEvent}, so it counts as one occurrence (and one failure).
 */
public record StopEvent(TimeRange range, String state, String reason, boolean microStop, boolean startsEvent) {}
