package org.tiangong.analytics.telemetry;

import java.time.Instant;

/** Aggregate of one signal over one time bucket; only samples with a Good status count. */
public record SeriesBucket(Instant start, double min, double avg, double max, double last, long count) {}
