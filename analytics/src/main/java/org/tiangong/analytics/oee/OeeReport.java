package org.tiangong.analytics.oee;

import java.util.List;

/** A machine's OEE per bucket and over the whole window. */
public record OeeReport(Granularity granularity, List<OeeBucket> buckets, OeeResult total) {}
