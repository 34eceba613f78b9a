package org.tiangong.analytics.rollup;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.CounterLimit;
import org.tiangong.analytics.topology.IdealCycleChange;
import org.tiangong.analytics.topology.IdealCycleTimes;

/**
 * The {@link CounterLimit} of each counter signal of some machines: the signal's own ceiling
 * ({@code signal.counter_max_per_hour}, V40) when set, otherwise from the machine's data — part counters at the ideal
 * cycle time in force at the reading (effective-dated), the energy meter at {@code machine.rated_power_kw}.
 */
final class CounterLimits {

    private final Jdbc jdbc;
    private final IdealCycleTimes idealCycles;

    CounterLimits(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.idealCycles = new IdealCycleTimes(dataSource);
    }

    private record Row(int signalId, String name, UUID machineId, Double maxPerHour, Double ratedKw, Double ideal) {}

    /** The limits of every parts_good, parts_scrap and energy signal of the machines, by signal id. */
    Map<Integer, CounterDeltas.Limits> forMachines(UUID[] machines) throws SQLException {
        List<Row> rows = jdbc.list(
                """
                SELECT s.id, s.name, s.machine_id, s.counter_max_per_hour, m.rated_power_kw, m.ideal_cycle_time_seconds
                FROM signal s JOIN machine m ON m.id = s.machine_id
                WHERE s.machine_id = ANY(?) AND s.name IN ('parts_good', 'parts_scrap', 'energy')""",
                rs -> new Row(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        number(rs, 4),
                        number(rs, 5),
                        number(rs, 6)),
                (Object) machines);
        Map<UUID, List<IdealCycleChange>> histories = idealCycles.histories(List.of(machines));
        Map<Integer, CounterDeltas.Limits> out = new HashMap<>();
        for (Row r : rows) {
            boolean energy = r.name().equals("energy");
            double slack = energy ? CounterLimit.ENERGY_SLACK_KWH : CounterLimit.PART_SLACK;
            if (r.maxPerHour() != null) {
                CounterLimit fixed = CounterLimit.perHour(r.maxPerHour(), slack);
                out.put(r.signalId(), t -> fixed);
            } else if (energy) {
                CounterLimit rated = CounterLimit.energy(r.ratedKw());
                out.put(r.signalId(), t -> rated);
            } else {
                out.put(r.signalId(), partLimits(histories.getOrDefault(r.machineId(), List.of()), r.ideal()));
            }
        }
        return out;
    }

    /** Part limits from the ideal cycle time in force at each reading; the machine's value when it has no history. */
    private static CounterDeltas.Limits partLimits(List<IdealCycleChange> history, Double current) {
        if (history.isEmpty()) {
            CounterLimit only = CounterLimit.parts(current);
            return t -> only;
        }
        List<Instant> from = new ArrayList<>();
        List<CounterLimit> limit = new ArrayList<>();
        for (IdealCycleChange c : history) {
            from.add(c.effectiveFrom() == null ? Instant.MIN : c.effectiveFrom());
            limit.add(CounterLimit.parts(c.seconds()));
        }
        CounterLimit beforeAll = CounterLimit.parts(null);
        return t -> {
            int lo = 0, hi = from.size(); // first change after t
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (!from.get(mid).isAfter(t)) lo = mid + 1;
                else hi = mid;
            }
            return lo == 0 ? beforeAll : limit.get(lo - 1);
        };
    }

    private static Double number(java.sql.ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
