package org.tiangong.analytics.telemetry;

import java.time.Instant;
import org.tiangong.analytics.model.Keyed;

/**
 * A counter reading that was not counted: a re-base (the counter went down to a value it cannot have counted since
 * zero in the time since the previous reading: restored retentive counter, replaced meter, preset) or an implausible
 * forward jump. From then on the new value is the counter's base.
 *
 * @param previousTime the previous good reading's time
 * @param time         the reading's time
 */
public record CounterEvent(Instant previousTime, Instant time, Kind kind, double fromValue, double toValue) {

    public enum Kind implements Keyed {
        REBASE("rebase"),
        JUMP("jump");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** "counter re-based at T from X to Y" (or "… jumped …"), for people and logs. */
    public String describe() {
        return (kind == Kind.REBASE ? "counter re-based at " : "counter jumped implausibly at ") + time + " from "
                + number(fromValue) + " to " + number(toValue);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
