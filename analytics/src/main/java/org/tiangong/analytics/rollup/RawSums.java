package org.tiangong.analytics.rollup;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.model.TimeRange;

/** Sums straight from raw telemetry: one read of each machine's data over the span of its requests. */
public final class RawSums implements MachineSumsSource {

    private final HistoryLoader loader;

    public RawSums(DataSource dataSource) {
        this.loader = new HistoryLoader(dataSource);
    }

    @Override
    public Map<UUID, List<MachineSums>> sums(Map<UUID, List<List<TimeRange>>> requests, Measures measures)
            throws SQLException {
        Map<UUID, List<MachineSums>> out = new HashMap<>();
        for (var e : requests.entrySet()) {
            Instant start = null, end = null;
            for (List<TimeRange> set : e.getValue()) {
                for (TimeRange r : set) {
                    if (start == null || r.start().isBefore(start)) start = r.start();
                    if (end == null || r.end().isAfter(end)) end = r.end();
                }
            }
            List<MachineSums> sums = new ArrayList<>();
            if (start == null || !end.isAfter(start)) {
                e.getValue().forEach(set -> sums.add(MachineSums.ZERO));
            } else {
                MachineHistory history = loader.load(e.getKey(), new TimeRange(start, end));
                for (List<TimeRange> set : e.getValue()) sums.add(history.within(set));
            }
            out.put(e.getKey(), sums);
        }
        return out;
    }
}
