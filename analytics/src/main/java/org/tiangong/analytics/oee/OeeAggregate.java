package org.tiangong.analytics.oee;

import java.util.List;

/**
 * OEE of a group of machines (line, plant, enterprise): times and counts are summed, then the factors formed from the
 * sums — availability = Σ run ÷ Σ planned with data, performance = Σ (ideal cycle × count) ÷ Σ run, quality = Σ good
 * ÷ Σ total, data coverage = Σ planned with data ÷ Σ planned. Machines without an ideal cycle time add to
 * availability and quality but not to performance.
 */
public final class OeeAggregate {

    private OeeAggregate() {}

    public static OeeResult combine(List<OeeResult> machines) {
        double planned = 0, withData = 0, run = 0, good = 0, scrap = 0, idealOutput = 0, runWithIdeal = 0;
        for (OeeResult r : machines) {
            planned += r.plannedProductionSeconds();
            withData += r.plannedWithDataSeconds();
            run += r.runSeconds();
            good += r.goodCount();
            scrap += r.scrapCount();
            if (r.idealCycleSeconds() > 0) {
                idealOutput += r.idealCycleSeconds() * r.totalCount();
                runWithIdeal += r.runSeconds();
            }
        }
        double total = good + scrap;
        Double coverage = planned > 0 ? withData / planned : null;
        Double availability = withData > 0 ? run / withData : null;
        Double performanceRaw = runWithIdeal > 0 ? idealOutput / runWithIdeal : null;
        boolean capped = performanceRaw != null && performanceRaw > 1.0;
        Double performance = performanceRaw == null ? null : Math.min(1.0, performanceRaw);
        Double quality = total > 0 ? good / total : null;
        Double oee = availability != null && performance != null && quality != null
                ? availability * performance * quality
                : null;
        double meanIdeal = total > 0 && idealOutput > 0 ? idealOutput / total : Double.NaN;
        return new OeeResult(
                planned,
                withData,
                run,
                meanIdeal,
                good,
                scrap,
                coverage,
                availability,
                performance,
                performanceRaw,
                capped,
                quality,
                oee);
    }
}
