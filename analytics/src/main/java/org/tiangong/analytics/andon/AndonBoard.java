package org.tiangong.analytics.andon;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.MachineStatus;
import org.tiangong.analytics.oee.OeeBucket;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateIntervals;
import org.tiangong.analytics.telemetry.StateSample;

/**
 * The Andon board of machines now: each machine's state and since when, its newest sample, and its OEE so far in the
 * current shift of its plant (taken out of {@link OeeService}, which still answers {@code statuses} through it).
 */
public final class AndonBoard {

    private static final String NO_DATA_KEY = MachineState.NO_DATA.key();

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final OeeService oee;
    private final CalendarStore calendars;
    private final org.tiangong.analytics.telemetry.StateSource states;

    public AndonBoard(DataSource dataSource, Clock clock, OeeService oee) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.oee = oee;
        this.calendars = new CalendarStore(dataSource);
        this.states = new org.tiangong.analytics.telemetry.StateSource(dataSource);
    }

    /**
     * The Andon view of many machines now (a line's board), in a fixed number of queries: each machine's state and
     * since when, its newest sample, and its OEE so far in the current shift of its plant.
     */
    public java.util.Map<UUID, MachineStatus> statuses(List<UUID> machineIds, java.time.Duration staleAfter)
            throws SQLException {
        Instant now = clock.instant();
        UUID[] ids = machineIds.toArray(new UUID[0]);
        java.util.Map<UUID, Instant> lastSample = new java.util.HashMap<>();
        jdbc.list(
                "SELECT s.machine_id, max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id "
                        + "WHERE s.machine_id = ANY(?) GROUP BY s.machine_id",
                rs -> lastSample.put(rs.getObject(1, UUID.class), Jdbc.instant(rs, "t")),
                (Object) ids);

        // machines with a state node: the newest state, and since when it has been shown without a break
        record Latest(UUID machine, int signal, StateSample sample) {}
        List<Latest> latest = jdbc.list(
                """
                SELECT s.machine_id, s.id, l.time, coalesce(l.value, 'NaN'), l.status FROM signal s
                LEFT JOIN signal_latest l ON l.signal_id = s.id WHERE s.machine_id = ANY(?) AND s.name = 'state'""",
                rs -> new Latest(
                        rs.getObject(1, UUID.class),
                        rs.getInt(2),
                        rs.getObject(3) == null
                                ? null
                                : new StateSample(Jdbc.instant(rs, "time"), rs.getDouble(4), rs.getInt(5))),
                (Object) ids);
        java.util.Map<UUID, String> state = new java.util.HashMap<>();
        java.util.Map<UUID, Instant> since = new java.util.HashMap<>();
        List<Latest> known = latest.stream().filter(l -> l.sample() != null).toList();
        if (!known.isEmpty()) {
            Integer[] signals = known.stream().map(Latest::signal).toArray(Integer[]::new);
            Double[] codes = known.stream().map(l -> l.sample().code()).toArray(Double[]::new);
            Integer[] statuses = known.stream().map(l -> l.sample().status()).toArray(Integer[]::new);
            Integer[] index =
                    java.util.stream.IntStream.range(0, known.size()).boxed().toArray(Integer[]::new);
            java.util.Map<Integer, Instant> entered = new java.util.HashMap<>();
            try (var c = dataSource.getConnection();
                    var ps = c.prepareStatement("""
                    SELECT u.i, (SELECT min(time) FROM telemetry WHERE signal_id = u.sig AND time > coalesce(
                        (SELECT max(time) FROM telemetry WHERE signal_id = u.sig AND (coalesce(value, 'NaN') <> u.code OR status <> u.st)),
                        '-infinity'::timestamptz)) FROM unnest(?::int4[], ?::float8[], ?::int4[], ?::int4[]) AS u(sig, code, st, i)""")) {
                ps.setArray(1, c.createArrayOf("int4", signals));
                ps.setArray(2, c.createArrayOf("float8", codes));
                ps.setArray(3, c.createArrayOf("int4", statuses));
                ps.setArray(4, c.createArrayOf("int4", index));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var t = rs.getObject(2, java.time.OffsetDateTime.class);
                        if (t != null) entered.put(rs.getInt(1), t.toInstant());
                    }
                }
            }
            for (int k = 0; k < known.size(); k++) {
                Latest l = known.get(k);
                state.put(l.machine(), StateIntervals.stateOf(l.sample()));
                since.put(l.machine(), entered.getOrDefault(k, l.sample().time()));
            }
        }
        // machines without a state node: their kind's rule over the last day; "since" is at most a day back
        java.util.Set<UUID> withNode = new java.util.HashSet<>();
        latest.forEach(l -> withNode.add(l.machine()));
        List<org.tiangong.analytics.telemetry.StateSource.Request> ruled = new ArrayList<>();
        TimeRange lastDay = new TimeRange(now.minus(java.time.Duration.ofDays(1)), now);
        for (UUID m : machineIds)
            if (!withNode.contains(m)) ruled.add(new org.tiangong.analytics.telemetry.StateSource.Request(m, lastDay));
        List<org.tiangong.analytics.telemetry.StateSource.States> ruledStates = states.loadAll(ruled);
        for (int k = 0; k < ruled.size(); k++) {
            List<StateInterval> recent = ruledStates.get(k).intervals(lastDay.start(), lastDay.end());
            for (int j = recent.size() - 1; j >= 0; j--) {
                if (!recent.get(j).state().equals(NO_DATA_KEY)) {
                    state.put(ruled.get(k).machineId(), recent.get(j).state());
                    since.put(ruled.get(k).machineId(), recent.get(j).start());
                    break;
                }
            }
        }

        // the current shift of each machine's plant, and the OEE so far in it, per plant in one go
        java.util.Map<UUID, UUID> plantOf = oee.plantsOf(machineIds);
        java.util.Map<UUID, List<UUID>> byPlant = new java.util.LinkedHashMap<>();
        for (UUID m : machineIds)
            byPlant.computeIfAbsent(plantOf.get(m), k -> new ArrayList<>()).add(m);
        java.util.Map<UUID, OeeBucket> shift = new java.util.HashMap<>();
        for (var e : byPlant.entrySet()) {
            ShiftCalendar calendar = calendars.calendar(e.getKey());
            for (ShiftInstance s :
                    calendar.shifts(now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(1)))) {
                if (now.isBefore(s.range().start()) || !now.isBefore(s.range().end())) continue;
                java.util.Map<UUID, OeeReport> soFar =
                        oee.machineReports(e.getValue(), s.range().start(), now, Granularity.SHIFT);
                for (UUID m : e.getValue())
                    shift.put(
                            m,
                            new OeeBucket(
                                    s.date() + " " + s.name(),
                                    s.range(),
                                    soFar.get(m).total()));
            }
        }

        java.util.Map<UUID, MachineStatus> out = new java.util.LinkedHashMap<>();
        for (UUID m : machineIds) {
            Instant last = lastSample.get(m);
            boolean stale = last == null || last.isBefore(now.minus(staleAfter));
            out.put(
                    m,
                    new MachineStatus(
                            stale ? NO_DATA_KEY : state.getOrDefault(m, NO_DATA_KEY),
                            since.get(m),
                            last,
                            shift.get(m)));
        }
        return out;
    }
}
