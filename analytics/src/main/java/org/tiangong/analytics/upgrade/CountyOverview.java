package org.tiangong.analytics.upgrade;

import java.time.Instant;
import java.util.List;

/** The county's figures and one row per town, and the programme's progress. */
public record CountyOverview(Instant at, AreaTotals county, List<AreaTotals> towns, ProgrammeProgress programme) {}
