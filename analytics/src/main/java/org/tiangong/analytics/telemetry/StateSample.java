package org.tiangong.analytics.telemetry;

import java.time.Instant;

/** One stored value of a machine's {@code state} signal. */
public record StateSample(Instant time, double code, int status) {}
