package org.tiangong.analytics.upgrade;

import java.time.Instant;
import java.util.UUID;

/** What the bureau keeps about an enterprise. Fields may be null until the enterprise has filled them in. */
public record Registry(
        UUID enterpriseId,
        String code,
        String name,
        String creditCode,
        String town,
        String segment,
        boolean aboveScale,
        String contactName,
        String contactPhone,
        Instant updatedAt) {}
