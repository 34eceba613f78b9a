package org.tiangong.analytics.rollup;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.model.TimeRange;

/** Where OEE, energy and utilization get their sums: raw telemetry, or rollups with raw data only at the edges. */
public interface MachineSumsSource {

    /** Which sums the caller needs; a source may leave the others at 0 when that is cheaper. */
    enum Measures {
        /** seconds in each known state (run time and time with data), good and scrap counts */
        OEE,
        ALL
    }

    /**
     * For each machine, one {@link MachineSums} per requested set of time ranges, in request order. The ranges of one
     * set must not overlap.
     */
    Map<UUID, List<MachineSums>> sums(Map<UUID, List<List<TimeRange>>> requests, Measures measures) throws SQLException;

    /** All sums (see {@link #sums(Map, Measures)}). */
    default Map<UUID, List<MachineSums>> sums(Map<UUID, List<List<TimeRange>>> requests) throws SQLException {
        return sums(requests, Measures.ALL);
    }

    /** Sums of one machine over one set of ranges. */
    default MachineSums sums(UUID machineId, List<TimeRange> ranges) throws SQLException {
        return sums(Map.of(machineId, List.of(ranges))).get(machineId).get(0);
    }
}
