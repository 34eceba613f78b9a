package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Sums over the enterprises of a town (or the whole county, {@code town} null).
 *
 * @param stages enterprises per stage
 */
public record AreaTotals(
        String town,
        int enterprises,
        int aboveScale,
        Map<Stage, Integer> stages,
        LedgerCounts ledger,
        BigDecimal investmentWan,
        BigDecimal subsidyAppliedWan,
        BigDecimal subsidyGrantedWan,
        int enterprisesWithoutLedger) {

    /** Enterprises that have at least completed a project. */
    public int done() {
        return stages.getOrDefault(Stage.COMPLETED, 0) + stages.getOrDefault(Stage.ACCEPTED, 0);
    }
}
