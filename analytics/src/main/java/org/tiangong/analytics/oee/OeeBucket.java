package org.tiangong.analytics.oee;

import org.tiangong.analytics.model.TimeRange;

/** OEE over one bucket of a report; {@code label} is the shift name or the local hour/day. */
public record OeeBucket(String label, TimeRange range, OeeResult result) {}
