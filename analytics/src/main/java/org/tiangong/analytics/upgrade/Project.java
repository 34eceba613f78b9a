package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An upgrade project of an enterprise. Money in 万元 (10 000 yuan). Periods are local dates, both days included:
 * the baseline is what the project is measured against; the comparison period, when not set, follows from the
 * completion date (see {@link BeforeAfter}).
 */
public record Project(
        UUID id,
        UUID enterpriseId,
        String name,
        String scope,
        String vendor,
        BigDecimal investmentWan,
        BigDecimal subsidyAppliedWan,
        BigDecimal subsidyGrantedWan,
        LocalDate plannedStart,
        LocalDate plannedEnd,
        LocalDate actualStart,
        LocalDate actualEnd,
        LocalDate acceptedOn,
        UpgradeStatus status,
        LocalDate baselineFrom,
        LocalDate baselineTo,
        LocalDate compareFrom,
        LocalDate compareTo,
        Instant createdAt,
        Instant updatedAt) {

    public Project withId(UUID newId) {
        return new Project(
                newId,
                enterpriseId,
                name,
                scope,
                vendor,
                investmentWan,
                subsidyAppliedWan,
                subsidyGrantedWan,
                plannedStart,
                plannedEnd,
                actualStart,
                actualEnd,
                acceptedOn,
                status,
                baselineFrom,
                baselineTo,
                compareFrom,
                compareTo,
                createdAt,
                updatedAt);
    }
}
