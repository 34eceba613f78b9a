package org.tiangong.analytics.topology;

import java.time.Instant;

/**
 * One step of a machine's ideal cycle time: {@code seconds} (null: unknown) holds from {@code effectiveFrom} on until
 * the next step. {@code effectiveFrom} null means "since the beginning" (stored as {@code -infinity}).
 */
public record IdealCycleChange(Instant effectiveFrom, Double seconds, String setBy, Instant setAt) {}
