package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.util.List;

/**
 * Every indicator of one enterprise: a row of the bureau's ranking.
 *
 * @param headline the project whose before/after the row shows (see {@link UpgradeIndicators#headline}), or null
 */
public record EnterpriseIndicators(
        Registry registry,
        Stage stage,
        int projects,
        LedgerCounts ledger,
        BigDecimal investmentWan,
        BigDecimal subsidyAppliedWan,
        BigDecimal subsidyGrantedWan,
        Project headline,
        BeforeAfter beforeAfter,
        List<Project> allProjects) {}
