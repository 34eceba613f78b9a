package org.tiangong.analytics.upgrade;

/**
 * Counts over the production assets of a ledger, the numerators and denominators of the ledger indicators. Sums add
 * up to towns and the county; rates are always formed from sums, never averaged.
 *
 * @param assets             production assets in the ledger
 * @param networked          of them, linked to a Tiangong machine that delivered a Good or Uncertain sample in the last 24 h
 * @param numericalControl   of them, numerically controlled (数控)
 * @param keyProcess         of them, on a key process (关键工序)
 * @param keyProcessNc       of them, on a key process and numerically controlled
 */
public record LedgerCounts(int assets, int networked, int numericalControl, int keyProcess, int keyProcessNc) {

    public static final LedgerCounts NONE = new LedgerCounts(0, 0, 0, 0, 0);

    public LedgerCounts plus(LedgerCounts o) {
        return new LedgerCounts(
                assets + o.assets,
                networked + o.networked,
                numericalControl + o.numericalControl,
                keyProcess + o.keyProcess,
                keyProcessNc + o.keyProcessNc);
    }

    /** 设备联网率; null without a ledger. */
    public Double networkedRate() {
        return ratio(networked, assets);
    }

    /** 数控化率; null without a ledger. */
    public Double numericalControlRate() {
        return ratio(numericalControl, assets);
    }

    /** 关键工序数控化率; null without key-process assets. */
    public Double keyProcessNcRate() {
        return ratio(keyProcessNc, keyProcess);
    }

    private static Double ratio(int numerator, int denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
