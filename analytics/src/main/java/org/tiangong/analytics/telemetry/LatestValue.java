package org.tiangong.analytics.telemetry;

import java.time.Instant;
import org.tiangong.analytics.model.CanonicalSignal;

/** The newest stored sample of one signal. {@code status} is the OPC UA StatusCode bits. */
public record LatestValue(CanonicalSignal signal, Instant time, double value, int status) {

    public boolean good() {
        return StatusCodes.isGood(status);
    }
}
