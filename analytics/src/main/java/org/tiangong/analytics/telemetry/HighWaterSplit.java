package org.tiangong.analytics.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tiangong.analytics.model.Sample;

/**
 * A batch split by each signal's high-water mark (the newest stored time the writer knows): a signal whose
 * samples in the batch are all newer than its mark, each newer than the one before, cannot meet a stored row nor a
 * duplicate inside the batch, so its samples may be copied straight into {@code telemetry}. Every other sample (a
 * replay, a late sample from a buffer, a signal never written before, samples out of order) takes the staging path,
 * which skips duplicates.
 *
 * @param fresh      samples that go straight into telemetry, in batch order
 * @param late       samples that go through staging and {@code ON CONFLICT DO NOTHING}
 * @param freshHeads per fresh signal, its first sample in the batch (for the rollup watermark)
 * @param freshTails per fresh signal, its last sample in the batch (the new {@code signal_latest})
 */
record HighWaterSplit(List<Sample> fresh, List<Sample> late, List<Sample> freshHeads, List<Sample> freshTails) {

    /**
     * Splits {@code batch}; {@code marks} holds the high-water mark (epoch microseconds) of every signal that
     * has one (the newest stored time it knows). Signals without a mark go the staging way.
     */
    static HighWaterSplit of(List<Sample> batch, Map<Integer, Long> marks) {
        Map<Integer, Sample[]> span = new HashMap<>(); // signal → {first, last}, or null entry when not fresh
        Map<Integer, Boolean> fresh = new HashMap<>();
        for (Sample s : batch) {
            Sample[] ht = span.get(s.signalId());
            if (ht == null) {
                Long mark = marks.get(s.signalId());
                span.put(s.signalId(), new Sample[] {s, s});
                fresh.put(s.signalId(), mark != null && s.timeMicros() > mark);
            } else {
                if (s.timeMicros() <= ht[1].timeMicros()) fresh.put(s.signalId(), false);
                ht[1] = s;
            }
        }
        List<Sample> f = new ArrayList<>(batch.size());
        List<Sample> l = new ArrayList<>();
        for (Sample s : batch) (fresh.get(s.signalId()) ? f : l).add(s);
        List<Sample> heads = new ArrayList<>();
        List<Sample> tails = new ArrayList<>();
        span.forEach((signal, ht) -> {
            if (fresh.get(signal)) {
                heads.add(ht[0]);
                tails.add(ht[1]);
            }
        });
        return new HighWaterSplit(f, l, heads, tails);
    }
}
