package org.tiangong.analytics.upgrade;

import java.time.LocalDate;

/**
 * Which days a project's before/after compares (docs/metrics.md, "Before and after"). The baseline always ends before
 * the comparison starts: a project whose own dates would make them overlap (a set comparison period that begins on
 * or before the baseline's last day, or a completion on or before it) is reported as {@code overlap} and not
 * computed; the "recent" comparison of an unfinished project starts after the baseline at the earliest, and is
 * shorter than the baseline when the two are close. Only whole days up to yesterday count.
 */
public final class ComparisonPeriods {

    /** What the project's dates give; {@code comparison} is null unless the status is {@code ok}. */
    public record Choice(String basis, String status, String reason, Period baseline, Period comparison) {}

    public static final String OK = "ok", OVERLAP = "overlap", PENDING = "pending", NO_BASELINE = "no_baseline";

    private ComparisonPeriods() {}

    public static Choice choose(Project p, LocalDate yesterday) {
        if (p.baselineFrom() == null
                || p.baselineTo() == null
                || p.baselineFrom().isAfter(yesterday)) return new Choice(NO_BASELINE, NO_BASELINE, null, null, null);
        LocalDate baselineEnd = p.baselineTo();
        Period baseline = new Period(p.baselineFrom(), min(baselineEnd, yesterday));
        long days = baseline.days();
        if (p.compareFrom() != null && p.compareTo() != null) {
            if (!p.compareFrom().isAfter(baselineEnd)) return overlap("set", p.compareFrom(), baselineEnd);
            return p.compareFrom().isAfter(yesterday)
                    ? pending(baseline)
                    : ok("set", baseline, new Period(p.compareFrom(), min(p.compareTo(), yesterday)));
        }
        if (p.status().done() && p.actualEnd() != null) {
            LocalDate start = p.actualEnd().plusDays(1);
            if (!start.isAfter(baselineEnd)) return overlap("after_completion", start, baselineEnd);
            return start.isAfter(yesterday)
                    ? pending(baseline)
                    : ok("after_completion", baseline, new Period(start, min(start.plusDays(days - 1), yesterday)));
        }
        // not finished: the latest days, as many as the baseline has, but none of the baseline's own
        if (!baselineEnd.isBefore(yesterday)) return pending(baseline);
        LocalDate start = max(yesterday.minusDays(days - 1), baselineEnd.plusDays(1));
        return ok("recent", baseline, new Period(start, yesterday));
    }

    private static Choice ok(String basis, Period baseline, Period comparison) {
        return new Choice(basis, OK, null, baseline, comparison);
    }

    private static Choice pending(Period baseline) {
        return new Choice(PENDING, PENDING, null, baseline, null);
    }

    private static Choice overlap(String basis, LocalDate comparisonStart, LocalDate baselineEnd) {
        return new Choice(
                basis,
                OVERLAP,
                "对比期从 " + comparisonStart + " 开始，基准期到 " + baselineEnd + " 才结束：两期重叠，不作比较 the comparison "
                        + "period starts on " + comparisonStart + ", before the baseline ends on " + baselineEnd
                        + ": the periods overlap and are not compared",
                null,
                null);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
