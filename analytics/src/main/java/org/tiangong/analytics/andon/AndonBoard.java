package org.tiangong.analytics.andon;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.tiangong.analytics.oee.OeeCalculator;
import org.tiangong.analytics.oee.OeeReport;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateIntervals;
import org.tiangong.analytics.telemetry.StateSample;
import org.tiangong.analytics.telemetry.StateSource;

/**
 * The Andon board of machines now: each machine's state and since when, its newest sample, and its OEE so far in the
 * current shift of its own calendar (a machine not planned now, e.g. one that does not work the night shift, has no
 * current shift). The shift OEE carries its data coverage: a machine connected mid-shift is judged on the time it
 * reported.
 */
public final class AndonBoard {

    private static final String NO_DATA_KEY = MachineState.NO_DATA.key();

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final OeeService oee;
    private final CalendarStore calendars;
    private final StateSource states;

    public AndonBoard(DataSource dataSource, Clock clock, OeeService oee) {
        this(dataSource, clock, oee, new CalendarStore(dataSource), new StateSource(dataSource));
    }

    public AndonBoard(DataSource dataSource, Clock clock, OeeService oee, CalendarStore calendars, StateSource states) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.oee = oee;
        this.calendars = calendars;
        this.states = states;
    }

    /** The Andon view of a machine now. A machine silent for longer than {@code staleAfter} is no data. */
    public MachineStatus status(UUID machineId, Duration staleAfter) throws SQLException {
        return statuses(List.of(machineId), staleAfter).get(machineId);
    }

    /**
     * The Andon view of many machines now (a line's board), in a fixed number of queries: each machine's state and
     * since when, its newest sample, and its OEE so far in the current shift of its plant.
     */
    public Map<UUID, MachineStatus> statuses(List<UUID> machineIds, Duration staleAfter) throws SQLException {
        Instant now = clock.instant();
        UUID[] ids = machineIds.toArray(new UUID[0]);
        Map<UUID, Instant> lastSample = new HashMap<>();
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
        Map<UUID, String> state = new HashMap<>();
        Map<UUID, Instant> since = new HashMap<>();
        List<Latest> known = latest.stream().filter(l -> l.sample() != null).toList();
        if (!known.isEmpty()) {
            Integer[] signals = known.stream().map(Latest::signal).toArray(Integer[]::new);
            Double[] codes = known.stream().map(l -> l.sample().code()).toArray(Double[]::new);
            Integer[] statuses = known.stream().map(l -> l.sample().status()).toArray(Integer[]::new);
            Integer[] index =
                    java.util.stream.IntStream.range(0, known.size()).boxed().toArray(Integer[]::new);
            Map<Integer, Instant> entered = new HashMap<>();
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
        List<StateSource.Request> ruled = new ArrayList<>();
        TimeRange lastDay = new TimeRange(now.minus(Duration.ofDays(1)), now);
        for (UUID m : machineIds) if (!withNode.contains(m)) ruled.add(new StateSource.Request(m, lastDay));
        List<StateSource.States> ruledStates = states.loadAll(ruled);
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

        Map<UUID, OeeBucket> shift = currentShifts(machineIds, now, lastSample, staleAfter);

        Map<UUID, MachineStatus> out = new LinkedHashMap<>();
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

    /**
     * The current shift of each machine by its own calendar, and the OEE so far in it: machines in the same shift
     * occurrence (label and start) in one go. While a machine is live (its newest sample is not older than
     * {@code staleAfter}), the planned time after its newest sample is not yet reported rather than without data: it
     * is left out of its coverage, which would otherwise dip under 100 % by the seconds in flight.
     */
    private Map<UUID, OeeBucket> currentShifts(
            List<UUID> machineIds, Instant now, Map<UUID, Instant> lastSample, Duration staleAfter)
            throws SQLException {
        Map<UUID, ShiftCalendar> calendarOf = calendars.machineCalendars(machineIds);
        record Occurrence(String label, TimeRange range) {}
        Map<Occurrence, List<UUID>> byShift = new LinkedHashMap<>();
        for (UUID m : machineIds) {
            ShiftCalendar calendar = calendarOf.get(m);
            if (calendar == null) continue;
            for (ShiftInstance s : calendar.shifts(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))) {
                if (now.isBefore(s.range().start()) || !now.isBefore(s.range().end())) continue;
                byShift.computeIfAbsent(new Occurrence(s.date() + " " + s.name(), s.range()), k -> new ArrayList<>())
                        .add(m);
            }
        }
        Map<UUID, OeeBucket> out = new HashMap<>();
        for (var e : byShift.entrySet()) {
            Occurrence o = e.getKey();
            Map<UUID, OeeReport> soFar =
                    oee.machineReports(e.getValue(), o.range().start(), now, Granularity.SHIFT);
            for (UUID m : e.getValue()) {
                OeeResult r = soFar.get(m).total();
                Instant last = lastSample.get(m);
                if (last != null && last.isBefore(now) && !last.isBefore(now.minus(staleAfter))) {
                    r = OeeCalculator.compute(
                            r.plannedProductionSeconds() - plannedBetween(calendarOf.get(m), last, now),
                            r.plannedWithDataSeconds(),
                            r.runSeconds(),
                            r.idealCycleSeconds(),
                            r.goodCount(),
                            r.scrapCount());
                }
                out.put(m, new OeeBucket(o.label(), o.range(), r));
            }
        }
        return out;
    }

    /** Planned production seconds of a calendar inside [from, to). */
    private static double plannedBetween(ShiftCalendar calendar, Instant from, Instant to) {
        double seconds = 0;
        for (ShiftInstance s : calendar.shifts(from, to))
            for (TimeRange p : s.productionRanges()) seconds += p.seconds();
        return seconds;
    }
}
