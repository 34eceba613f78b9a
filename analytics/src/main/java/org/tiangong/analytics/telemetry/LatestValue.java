package org.tiangong.analytics.telemetry;

import org.tiangong.analytics.model.CanonicalSignal;

import java.time.Instant;

/** The newest stored sample of one signal. {@code status} is the OPC UA StatusCode bits. */
public record LatestValue(CanonicalSignal signal, Instant time, double value, int status) {

    public boolean good() {
        return StatusCodes.isGood(status);
    }
}
