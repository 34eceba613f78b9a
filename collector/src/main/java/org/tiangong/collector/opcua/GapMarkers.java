package org.tiangong.collector.opcua;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tiangong.analytics.model.Sample;

/**
 * Records lost contact with an endpoint as a gap in the data, per signal, and ends the gap when values flow again.
 *
 * <p>{@link #open} gives, for each signal not already in a gap, a marker sample: status Bad_NoCommunication, value
 * NaN, at the time contact was lost — or 1 µs after the signal's newest sample when that is later (a server clock
 * ahead of ours), so that the marker always follows the last value and never collides with one. Analytics treats a
 * non-Good sample as "no data from here on", so the gap shows as a gap, never as a stop or as running on.
 *
 * <p>{@link #accept} passes every received sample through; the first one of a signal after its marker ends the gap.
 * A new subscription starts with each node's current value, which for a value that did not change during the gap is
 * the very sample stored before it (same source time): a duplicate the database skips, so the signal would stay "no
 * data" until its next change. So a first value whose source time is not after the marker is stored as it is and,
 * besides, re-observed: the same value and status at the time it was received (at least 1 µs after the marker) —
 * the server says that at that moment the value still is this one.
 *
 * <p>Only values of the contact that is back end a gap. A value the lost contact still delivers (Milo had it queued
 * when the session went inactive, or it comes from a subscription the server lost) is <em>stale</em>: it is stored,
 * never dropped, but it ends no gap and is not re-observed — re-observing it at its receive time would state a value
 * for a moment when we had no contact. Readers hold a value from its sample until the next one, so a stale value
 * whose source time is after the marker would read as held through the whole outage; it is followed by a new marker
 * 1 µs after it: the stored gap then starts after the last value we really got (the earlier marker stays, a little
 * "no data" too much, never a value held too long). A stale value at or before the marker needs nothing more: the
 * marker after it already says the gap. Thread-safe.
 */
public final class GapMarkers {

    /** OPC UA Bad_NoCommunication: communication with the data source is defined but not established. */
    public static final int BAD_NO_COMMUNICATION = 0x8031_0000;

    private static final class SignalState {
        long lastMicros = Long.MIN_VALUE;
        long markerMicros = Long.MIN_VALUE; // MIN_VALUE: not in a gap
    }

    private final Map<Integer, SignalState> signals = new HashMap<>();
    private long markers;
    private long reobserved;
    private long staleInGap;

    public GapMarkers(Collection<Integer> signalIds) {
        for (Integer id : signalIds) signals.put(id, new SignalState());
    }

    /** Starts tracking a signal that was mapped after the start (no effect when tracked already). */
    public synchronized void track(int signalId) {
        signals.putIfAbsent(signalId, new SignalState());
    }

    /**
     * Stops tracking signals that are no longer collected; returns a marker for each that was not in a gap, so that
     * what follows its last value reads as "no data", not as the last value held forever.
     */
    public synchronized List<Sample> close(Collection<Integer> signalIds, Instant at) {
        long micros = Sample.toMicros(at);
        List<Sample> out = new ArrayList<>();
        for (Integer id : signalIds) {
            SignalState s = signals.remove(id);
            if (s == null || s.markerMicros != Long.MIN_VALUE) continue;
            long t = s.lastMicros == Long.MIN_VALUE ? micros : Math.max(micros, s.lastMicros + 1);
            out.add(new Sample(id, t, Double.NaN, BAD_NO_COMMUNICATION));
        }
        markers += out.size();
        return out;
    }

    /**
     * Opens a gap at {@code lostAt} for every signal not already in one; returns the marker samples to store (empty
     * when all were in a gap already, e.g. a session drop followed by the failed subscription transfer).
     */
    public synchronized List<Sample> open(Instant lostAt) {
        long at = Sample.toMicros(lostAt);
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<Integer, SignalState> e : signals.entrySet()) {
            SignalState s = e.getValue();
            if (s.markerMicros != Long.MIN_VALUE) continue;
            long t = s.lastMicros == Long.MIN_VALUE ? at : Math.max(at, s.lastMicros + 1);
            s.markerMicros = t;
            out.add(new Sample(e.getKey(), t, Double.NaN, BAD_NO_COMMUNICATION));
        }
        markers += out.size();
        return out;
    }

    /**
     * The samples to store for a received one: itself, and after a gap a re-observation at {@code receivedAt} when
     * its source time does not end the gap.
     */
    public List<Sample> accept(Sample sample, Instant receivedAt) {
        return accept(sample, receivedAt, () -> false);
    }

    /**
     * As {@link #accept(Sample, Instant)}, unless {@code stale} says (asked under this object's lock, so that it is
     * ordered with {@link #open}) that the sample comes from the lost contact: then it is stored and ends no gap, and a
     * stale value after the marker gets a new marker right after it (see the class comment).
     */
    public synchronized List<Sample> accept(Sample sample, Instant receivedAt, BooleanSupplier stale) {
        SignalState s = signals.get(sample.signalId());
        if (s == null) return List.of(sample);
        if (s.markerMicros != Long.MIN_VALUE && stale.getAsBoolean()) {
            staleInGap++;
            if (sample.timeMicros() > s.lastMicros) s.lastMicros = sample.timeMicros();
            if (sample.timeMicros() <= s.markerMicros) return List.of(sample);
            // after the marker in time: readers would hold it through the outage; the gap starts again after it
            s.markerMicros = s.lastMicros + 1;
            markers++;
            return List.of(sample, new Sample(sample.signalId(), s.markerMicros, Double.NaN, BAD_NO_COMMUNICATION));
        }
        if (s.markerMicros != Long.MIN_VALUE) {
            long marker = s.markerMicros;
            s.markerMicros = Long.MIN_VALUE;
            if (sample.timeMicros() <= marker) {
                Sample again = new Sample(
                        sample.signalId(),
                        Math.max(Sample.toMicros(receivedAt), marker + 1),
                        sample.value(),
                        sample.status());
                s.lastMicros = again.timeMicros();
                reobserved++;
                return List.of(sample, again);
            }
        }
        if (sample.timeMicros() > s.lastMicros) s.lastMicros = sample.timeMicros();
        return List.of(sample);
    }

    /**
     * Puts a signal in a gap that a marker already stored opened (e.g. by an earlier run of the collector), so that
     * its first value is handled as after any gap.
     */
    public synchronized void resumeGap(int signalId, Instant markerTime) {
        SignalState s = signals.get(signalId);
        if (s == null) return;
        s.markerMicros = Sample.toMicros(markerTime);
        s.lastMicros = Math.max(s.lastMicros, s.markerMicros);
    }

    /** Whether the signal is in a gap now (a marker was written, no value since). */
    public synchronized boolean inGap(int signalId) {
        SignalState s = signals.get(signalId);
        return s != null && s.markerMicros != Long.MIN_VALUE;
    }

    /** Marker samples written so far. */
    public synchronized long markers() {
        return markers;
    }

    /** Values stored from the lost contact while its gap was open (they ended no gap). */
    public synchronized long staleInGap() {
        return staleInGap;
    }

    /** Re-observations stored: first values after a gap whose source time did not end it. */
    public synchronized long reobserved() {
        return reobserved;
    }
}
