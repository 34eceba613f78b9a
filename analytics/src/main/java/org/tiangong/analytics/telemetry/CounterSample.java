package org.tiangong.analytics.telemetry;

import java.time.Instant;

/** One reading of a monotonic counter (parts, energy meter) with its OPC UA status bits. */
public record CounterSample(Instant time, double value, int status) {}
