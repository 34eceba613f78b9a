package org.tiangong.analytics.upgrade;

import java.time.Instant;
import java.util.UUID;

/** One change of a project: when, by whom, the status before and after, and the fields changed (JSON). */
public record ProjectEvent(
        long id,
        UUID projectId,
        Instant at,
        UUID actorId,
        String actorName,
        String fromStatus,
        String toStatus,
        String changesJson) {}
