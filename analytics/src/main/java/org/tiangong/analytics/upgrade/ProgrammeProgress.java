package org.tiangong.analytics.upgrade;

import java.util.List;

/**
 * The programme against its targets. Only above-scale enterprises count.
 *
 * @param programme null when no programme is set (then {@code years} is empty)
 */
public record ProgrammeProgress(Programme programme, int aboveScale, int completed, int accepted, List<Year> years) {

    /**
     * One programme year: the target (cumulative share of above-scale enterprises, and the count it means, rounded up)
     * and how many had completed / been accepted by the end of that year (so far, for the current year).
     */
    public record Year(
            int year,
            double targetShare,
            int targetCount,
            int completedByYearEnd,
            int acceptedByYearEnd,
            Double completedShare,
            boolean targetMet,
            boolean current) {}
}
