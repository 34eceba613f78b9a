package org.tiangong.analytics.losses;

import org.tiangong.analytics.model.TimeRange;

/**
 * A stop (or the part of one) inside planned production time. A stop that spans a break is cut into pieces;
 * only its first piece has {@code startsEvent}, so it counts as one occurrence (and one failure). {@code planned}: the
 * alarm that named it is marked planned (e.g. a scheduled tool change): downtime, but not a failure.
 */
public record StopEvent(
        TimeRange range, String state, String reason, boolean planned, boolean microStop, boolean startsEvent) {}
