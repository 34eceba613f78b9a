package org.tiangong.analytics.model;

import java.time.Instant;

/**
 * One collected value of one signal.
 *
 * @param signalId   database id of the signal
 * @param timeMicros source timestamp, microseconds since the epoch (PostgreSQL's resolution)
 * @param value      the value as a double (states and counters included)
 * @param status     the OPC UA StatusCode of the value, its 32 bits as an int (0 = Good)
 */
public record Sample(int signalId, long timeMicros, double value, int status) {

    public static Sample of(int signalId, Instant time, double value, int status) {
        return new Sample(signalId, toMicros(time), value, status);
    }

    public Instant time() {
        return Instant.ofEpochSecond(
                Math.floorDiv(timeMicros, 1_000_000L), Math.floorMod(timeMicros, 1_000_000L) * 1_000L);
    }

    public static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }
}
