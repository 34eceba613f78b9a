package org.tiangong.analytics.rollup;

import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.CounterSample;
import org.tiangong.analytics.telemetry.StateSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a machine's raw telemetry for a span into a {@link MachineHistory}. */
final class HistoryLoader {

    /** Energy meters count kWh in doubles; they wrap, if ever, far beyond a UInt32. */
    private static final double ENERGY_METER_MAX = 1e15;

    /** A usable counter reading: Good, finite and not negative (see {@link CounterDeltas#steps}). */
    private static final String USABLE_COUNTER = "status >= 0 AND status < 1073741824 AND value >= 0 AND value < 'Infinity'::float8";

    private final Jdbc jdbc;
    private final StateSource states;
    private final CounterDeltas partCounters = new CounterDeltas(CounterDeltas.UINT32_MAX);
    private final CounterDeltas energyMeter = new CounterDeltas(ENERGY_METER_MAX);

    HistoryLoader(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.states = new StateSource(dataSource);
    }

    MachineHistory load(UUID machineId, TimeRange span) throws SQLException {
        Map<String, Integer> counters = new HashMap<>();
        jdbc.list("SELECT name, id FROM signal WHERE machine_id = ? AND name IN ('parts_good', 'parts_scrap', 'energy')",
                rs -> counters.put(rs.getString(1), rs.getInt(2)), machineId);
        return new MachineHistory(span,
                states.load(machineId, span.start(), span.end()).intervals(span.start(), span.end()),
                steps(counters.get("parts_good"), span, partCounters),
                steps(counters.get("parts_scrap"), span, partCounters),
                steps(counters.get("energy"), span, energyMeter));
    }

    private List<CounterDeltas.Step> steps(Integer signalId, TimeRange span, CounterDeltas deltas) throws SQLException {
        if (signalId == null) return List.of();
        CounterSample before = jdbc.one("SELECT time, value, status FROM telemetry WHERE signal_id = ? AND time < ? AND "
                        + USABLE_COUNTER + " ORDER BY time DESC LIMIT 1",
                rs -> new CounterSample(Jdbc.instant(rs, "time"), rs.getDouble(2), rs.getInt(3)), signalId, span.start()).orElse(null);
        List<CounterSample> readings = jdbc.list("SELECT time, coalesce(value, 'NaN'), status FROM telemetry WHERE signal_id = ? AND time >= ? AND time < ? ORDER BY time",
                rs -> new CounterSample(Jdbc.instant(rs, "time"), rs.getDouble(2), rs.getInt(3)), signalId, span.start(), span.end());
        return deltas.steps(before, readings);
    }
}
