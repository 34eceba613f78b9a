package org.tiangong.analytics.oee;

import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.MachineSumsSource;
import org.tiangong.analytics.rollup.RollupSums;
import org.tiangong.analytics.telemetry.StateInterval;
import org.tiangong.analytics.telemetry.StateIntervals;
import org.tiangong.analytics.telemetry.StateSample;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OEE, downtime, energy and the Andon view of machines, from their plants' calendars and their telemetry. OEE and
 * energy are sums over time ({@link MachineSumsSource}): from rollups for closed time and raw data at the edges by
 * default, or from raw data only (to check the rollups, and in the query benchmark). Downtime lists individual
 * stops, so it reads raw state changes.
 */
public final class OeeService {

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final CalendarStore calendars;
    private final Clock clock;
    private final MachineSumsSource sums;
    private final org.tiangong.analytics.telemetry.StateSource states;
    private final org.tiangong.analytics.topology.IdealCycleTimes idealCycles;

    /** Reads rollups where they are closed. */
    public OeeService(DataSource dataSource, Clock clock) {
        this(dataSource, clock, new RollupSums(dataSource));
    }

    public OeeService(DataSource dataSource, Clock clock, MachineSumsSource sums) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.calendars = new CalendarStore(dataSource);
        this.states = new org.tiangong.analytics.telemetry.StateSource(dataSource);
        this.idealCycles = new org.tiangong.analytics.topology.IdealCycleTimes(dataSource);
        this.clock = clock;
        this.sums = sums;
    }

    private record MachineFacts(UUID plantId, double idealCycleSeconds) {}

    /**
     * One machine's buckets: their labels and spans, the planned production ranges inside each, and those ranges cut
     * where the ideal cycle time changes (one request of sums per segment).
     */
    private record Plan(List<Bucket> buckets, List<List<TimeRange>> production, List<List<IdealCycleSplit.Segment>> segments) {}

    public OeeReport machineOee(UUID machineId, Instant from, Instant to, Granularity granularity) throws SQLException {
        return reports(List.of(machineId), from, to, granularity).get(machineId);
    }

    /**
     * OEE of a group of machines (a line, plant or enterprise): each machine by its own plant's calendar, combined
     * per bucket label and in total with {@link OeeAggregate}.
     */
    public OeeReport groupOee(List<UUID> machineIds, Instant from, Instant to, Granularity granularity) throws SQLException {
        java.util.Map<String, List<OeeResult>> byLabel = new java.util.LinkedHashMap<>();
        java.util.Map<String, TimeRange> ranges = new java.util.HashMap<>();
        List<OeeResult> totals = new ArrayList<>();
        java.util.Map<UUID, OeeReport> reports = reports(machineIds, from, to, granularity);
        for (UUID m : machineIds) {
            OeeReport r = reports.get(m);
            totals.add(r.total());
            for (OeeBucket b : r.buckets()) {
                byLabel.computeIfAbsent(b.label(), k -> new ArrayList<>()).add(b.result());
                ranges.merge(b.label(), b.range(), (x, y) -> new TimeRange(x.start().isBefore(y.start()) ? x.start() : y.start(),
                        x.end().isAfter(y.end()) ? x.end() : y.end()));
            }
        }
        List<OeeBucket> buckets = new ArrayList<>();
        byLabel.forEach((label, results) -> buckets.add(new OeeBucket(label, ranges.get(label), OeeAggregate.combine(results))));
        buckets.sort(java.util.Comparator.comparing((OeeBucket b) -> b.range().start()).thenComparing(OeeBucket::label));
        return new OeeReport(granularity, buckets, OeeAggregate.combine(totals));
    }

    /** Each machine's report; all machines' sums are fetched in one go. */
    private java.util.Map<UUID, OeeReport> reports(List<UUID> machineIds, Instant from, Instant to, Granularity granularity)
            throws SQLException {
        Instant end = end(from, to);
        java.util.Map<UUID, MachineFacts> facts = facts(machineIds);
        java.util.Map<UUID, List<org.tiangong.analytics.topology.IdealCycleChange>> idealSteps = idealCycles.histories(machineIds);
        java.util.Map<UUID, ShiftCalendar> calendarsByPlant = new java.util.HashMap<>();
        java.util.Map<UUID, Plan> plans = new java.util.HashMap<>();
        java.util.Map<UUID, List<List<TimeRange>>> requests = new java.util.HashMap<>();
        for (UUID m : machineIds) {
            MachineFacts f = facts.get(m);
            if (f == null) throw new IllegalArgumentException("no machine " + m);
            ShiftCalendar calendar = calendarsByPlant.get(f.plantId());
            if (calendar == null) {
                calendar = calendars.calendar(f.plantId());
                calendarsByPlant.put(f.plantId(), calendar);
            }
            List<ShiftInstance> shifts = calendar.shifts(from, end);
            List<TimeRange> production = new ArrayList<>();
            shifts.forEach(s -> production.addAll(s.productionRanges()));
            List<Bucket> buckets = buckets(granularity, calendar, shifts, from, end);
            List<List<TimeRange>> perBucket = new ArrayList<>();
            if (granularity == Granularity.SHIFT) {
                for (ShiftInstance s : shifts) perBucket.add(s.productionRanges());
            } else {
                for (Bucket b : buckets) perBucket.add(clip(production, b.range()));
            }
            List<List<IdealCycleSplit.Segment>> segments = IdealCycleSplit.split(buckets.stream().map(Bucket::range).toList(),
                    perBucket, idealSteps.get(m), f.idealCycleSeconds());
            plans.put(m, new Plan(buckets, perBucket, segments));
            List<List<TimeRange>> segmentRanges = new ArrayList<>();
            segments.forEach(list -> list.forEach(seg -> segmentRanges.add(seg.production())));
            requests.put(m, segmentRanges);
        }
        java.util.Map<UUID, List<MachineSums>> sumsByMachine = sums.sums(requests, MachineSumsSource.Measures.OEE);
        java.util.Map<UUID, OeeReport> out = new java.util.HashMap<>();
        for (UUID m : machineIds) {
            Plan plan = plans.get(m);
            List<MachineSums> segmentSums = sumsByMachine.get(m);
            List<OeeBucket> buckets = new ArrayList<>();
            List<OeeResult> parts = new ArrayList<>();
            java.util.Set<Double> ideals = new java.util.HashSet<>();
            double planned = 0;
            MachineSums total = MachineSums.ZERO;
            int next = 0;
            for (int k = 0; k < plan.buckets().size(); k++) {
                List<OeeResult> bucketParts = new ArrayList<>();
                for (IdealCycleSplit.Segment seg : plan.segments().get(k)) {
                    MachineSums s = segmentSums.get(next++);
                    bucketParts.add(OeeCalculator.compute(seconds(seg.production()), s.runningSeconds(), seg.idealSeconds(), s.good(), s.scrap()));
                    ideals.add(seg.idealSeconds());
                    total = total.plus(s);
                }
                // each part judged by its own ideal cycle time, combined like machines of a group
                buckets.add(new OeeBucket(plan.buckets().get(k).label(), plan.buckets().get(k).range(),
                        bucketParts.size() == 1 ? bucketParts.get(0) : OeeAggregate.combine(bucketParts)));
                parts.addAll(bucketParts);
                planned += seconds(plan.production().get(k));
            }
            double ideal = ideals.size() == 1 ? ideals.iterator().next() : facts.get(m).idealCycleSeconds();
            out.put(m, new OeeReport(granularity, buckets, ideals.size() <= 1
                    ? OeeCalculator.compute(planned, total.runningSeconds(), ideal, total.good(), total.scrap())
                    : OeeAggregate.combine(parts)));
        }
        return out;
    }

    private java.util.Map<UUID, MachineFacts> facts(List<UUID> machineIds) throws SQLException {
        java.util.Map<UUID, MachineFacts> out = new java.util.HashMap<>();
        jdbc.list("SELECT m.id, l.plant_id, m.ideal_cycle_time_seconds FROM machine m JOIN line l ON l.id = m.line_id WHERE m.id = ANY(?)",
                rs -> {
                    Double ideal = (Double) rs.getObject(3);
                    return out.put(rs.getObject(1, UUID.class), new MachineFacts(rs.getObject(2, UUID.class), ideal == null ? Double.NaN : ideal));
                }, (Object) machineIds.toArray(new UUID[0]));
        return out;
    }

    private static double seconds(List<TimeRange> ranges) {
        return ranges.stream().mapToDouble(TimeRange::seconds).sum();
    }

    /** The window a report covers: [from, min(to, now)). */
    private Instant end(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        return end.isAfter(from) ? end : from;
    }

    private List<TimeRange> production(UUID machineId, Instant from, Instant end) throws SQLException {
        MachineFacts f = facts(List.of(machineId)).get(machineId);
        if (f == null) throw new IllegalArgumentException("no machine " + machineId);
        UUID plant = f.plantId();
        List<TimeRange> production = new ArrayList<>();
        calendars.calendar(plant).shifts(from, end).forEach(s -> production.addAll(s.productionRanges()));
        return production;
    }

    /** Stops inside planned production time by reason (Pareto order), micro-stops apart, MTBF and MTTR. */
    public org.tiangong.analytics.losses.DowntimeReport downtime(UUID machineId, Instant from, Instant to,
                                                                 java.time.Duration microStop) throws SQLException {
        Instant end = end(from, to);
        List<TimeRange> production = production(machineId, from, end);
        List<StateInterval> intervals = stateIntervals(machineId, from, end);
        java.util.TreeMap<Instant, Integer> alarms = new java.util.TreeMap<>();
        Optional<Integer> alarm = signalId(machineId, "alarm_code");
        if (alarm.isPresent()) {
            jdbc.one("SELECT time, value FROM telemetry WHERE signal_id = ? AND time < ? AND status >= 0 AND status < 1073741824 "
                    + "ORDER BY time DESC LIMIT 1", rs -> alarms.put(Jdbc.instant(rs, "time"), (int) rs.getDouble(2)), alarm.get(), from);
            jdbc.list("SELECT time, value FROM telemetry WHERE signal_id = ? AND time >= ? AND time < ? AND status >= 0 AND status < 1073741824",
                    rs -> alarms.put(Jdbc.instant(rs, "time"), (int) rs.getDouble(2)), alarm.get(), from, end);
        }
        java.util.Map<Integer, org.tiangong.analytics.losses.ReasonStore.Reason> names = new java.util.HashMap<>();
        jdbc.list("SELECT code, name, planned FROM downtime_reason",
                rs -> names.put(rs.getInt(1), new org.tiangong.analytics.losses.ReasonStore.Reason(rs.getInt(1), rs.getString(2), rs.getBoolean(3))));
        var stops = org.tiangong.analytics.losses.Downtime.stops(intervals, production, alarms, names, microStop);
        return org.tiangong.analytics.losses.Downtime.report(stops, ShiftOee.runSecondsWithin(intervals, production));
    }

    /**
     * Energy over the window from the meter's steps (through resets), each step counted in the state the machine was
     * in when the meter showed it; kWh per good part counts good parts over the whole window.
     */
    public org.tiangong.analytics.losses.EnergyReport energy(UUID machineId, Instant from, Instant to) throws SQLException {
        Instant end = end(from, to);
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end)));
        return new org.tiangong.analytics.losses.EnergyReport(s.energyKwh(), s.energyRunningKwh(), s.energyIdleKwh(), s.good(),
                s.good() > 0 ? s.energyKwh() / s.good() : null);
    }

    /**
     * Seconds in each state over [from, min(to, now)) and utilization = running ÷ elapsed; from rollups where closed
     * (the same numbers as {@code TelemetryQueries.stateDurations} reads from raw data).
     */
    public org.tiangong.analytics.telemetry.StateDurations utilization(UUID machineId, Instant from, Instant to) throws SQLException {
        Instant end = end(from, to);
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end)));
        return new org.tiangong.analytics.telemetry.StateDurations(s.secondsByState(), new TimeRange(from, end).seconds());
    }

    /** The Andon view of a machine now. A machine silent for longer than {@code staleAfter} is no data. */
    public MachineStatus status(UUID machineId, java.time.Duration staleAfter) throws SQLException {
        return statuses(List.of(machineId), staleAfter).get(machineId);
    }

    /**
     * The Andon view of many machines now (a line's board), in a fixed number of queries: each machine's state and
     * since when, its newest sample, and its OEE so far in the current shift of its plant.
     */
    public java.util.Map<UUID, MachineStatus> statuses(List<UUID> machineIds, java.time.Duration staleAfter) throws SQLException {
        Instant now = clock.instant();
        UUID[] ids = machineIds.toArray(new UUID[0]);
        java.util.Map<UUID, Instant> lastSample = new java.util.HashMap<>();
        jdbc.list("SELECT s.machine_id, max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id "
                + "WHERE s.machine_id = ANY(?) GROUP BY s.machine_id", rs -> lastSample.put(rs.getObject(1, UUID.class), Jdbc.instant(rs, "t")),
                (Object) ids);

        // machines with a state node: the newest state, and since when it has been shown without a break
        record Latest(UUID machine, int signal, StateSample sample) {}
        List<Latest> latest = jdbc.list("""
                SELECT s.machine_id, s.id, l.time, coalesce(l.value, 'NaN'), l.status FROM signal s
                LEFT JOIN signal_latest l ON l.signal_id = s.id WHERE s.machine_id = ANY(?) AND s.name = 'state'""",
                rs -> new Latest(rs.getObject(1, UUID.class), rs.getInt(2),
                        rs.getObject(3) == null ? null : new StateSample(Jdbc.instant(rs, "time"), rs.getDouble(4), rs.getInt(5))), (Object) ids);
        java.util.Map<UUID, String> state = new java.util.HashMap<>();
        java.util.Map<UUID, Instant> since = new java.util.HashMap<>();
        List<Latest> known = latest.stream().filter(l -> l.sample() != null).toList();
        if (!known.isEmpty()) {
            Integer[] signals = known.stream().map(Latest::signal).toArray(Integer[]::new);
            Double[] codes = known.stream().map(l -> l.sample().code()).toArray(Double[]::new);
            Integer[] statuses = known.stream().map(l -> l.sample().status()).toArray(Integer[]::new);
            Integer[] index = java.util.stream.IntStream.range(0, known.size()).boxed().toArray(Integer[]::new);
            java.util.Map<Integer, Instant> entered = new java.util.HashMap<>();
            try (var c = dataSource.getConnection(); var ps = c.prepareStatement("""
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
        for (UUID m : machineIds) if (!withNode.contains(m)) ruled.add(new org.tiangong.analytics.telemetry.StateSource.Request(m, lastDay));
        List<org.tiangong.analytics.telemetry.StateSource.States> ruledStates = states.loadAll(ruled);
        for (int k = 0; k < ruled.size(); k++) {
            List<StateInterval> recent = ruledStates.get(k).intervals(lastDay.start(), lastDay.end());
            for (int j = recent.size() - 1; j >= 0; j--) {
                if (!recent.get(j).state().equals("no_data")) {
                    state.put(ruled.get(k).machineId(), recent.get(j).state());
                    since.put(ruled.get(k).machineId(), recent.get(j).start());
                    break;
                }
            }
        }

        // the current shift of each machine's plant, and the OEE so far in it, per plant in one go
        java.util.Map<UUID, MachineFacts> facts = facts(machineIds);
        java.util.Map<UUID, List<UUID>> byPlant = new java.util.LinkedHashMap<>();
        for (UUID m : machineIds) byPlant.computeIfAbsent(facts.get(m).plantId(), k -> new ArrayList<>()).add(m);
        java.util.Map<UUID, OeeBucket> shift = new java.util.HashMap<>();
        for (var e : byPlant.entrySet()) {
            ShiftCalendar calendar = calendars.calendar(e.getKey());
            for (ShiftInstance s : calendar.shifts(now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(1)))) {
                if (now.isBefore(s.range().start()) || !now.isBefore(s.range().end())) continue;
                java.util.Map<UUID, OeeReport> soFar = reports(e.getValue(), s.range().start(), now, Granularity.SHIFT);
                for (UUID m : e.getValue()) shift.put(m, new OeeBucket(s.date() + " " + s.name(), s.range(), soFar.get(m).total()));
            }
        }

        java.util.Map<UUID, MachineStatus> out = new java.util.LinkedHashMap<>();
        for (UUID m : machineIds) {
            Instant last = lastSample.get(m);
            boolean stale = last == null || last.isBefore(now.minus(staleAfter));
            out.put(m, new MachineStatus(stale ? "no_data" : state.getOrDefault(m, "no_data"), since.get(m), last, shift.get(m)));
        }
        return out;
    }

    private record Bucket(String label, TimeRange range) {}

    private static List<Bucket> buckets(Granularity g, ShiftCalendar calendar, List<ShiftInstance> shifts, Instant from, Instant to) {
        List<Bucket> out = new ArrayList<>();
        if (g == Granularity.SHIFT) {
            for (ShiftInstance s : shifts) out.add(new Bucket(s.date() + " " + s.name(), s.range()));
            return out;
        }
        ChronoUnit unit = g == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        DateTimeFormatter fmt = g == Granularity.HOUR ? DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00") : DateTimeFormatter.ISO_LOCAL_DATE;
        ZonedDateTime cursor = from.atZone(calendar.zone()).truncatedTo(unit);
        while (cursor.toInstant().isBefore(to)) {
            ZonedDateTime next = unit == ChronoUnit.DAYS ? cursor.toLocalDate().plusDays(1).atStartOfDay(calendar.zone()) : cursor.plusHours(1);
            Instant s = cursor.toInstant().isBefore(from) ? from : cursor.toInstant();
            Instant e = next.toInstant().isAfter(to) ? to : next.toInstant();
            if (e.isAfter(s)) out.add(new Bucket(cursor.format(fmt), new TimeRange(s, e)));
            cursor = next;
        }
        return out;
    }

    /** The parts of {@code ranges} (in time order) inside {@code to}; binary search to the first that can overlap. */
    private static List<TimeRange> clip(List<TimeRange> ranges, TimeRange to) {
        int lo = 0, hi = ranges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!ranges.get(mid).end().isAfter(to.start())) lo = mid + 1;
            else hi = mid;
        }
        List<TimeRange> out = new ArrayList<>();
        for (int k = lo; k < ranges.size() && ranges.get(k).start().isBefore(to.end()); k++) ranges.get(k).intersect(to).ifPresent(out::add);
        return out;
    }

    private List<StateInterval> stateIntervals(UUID machineId, Instant from, Instant to) throws SQLException {
        return states.load(machineId, from, to).intervals(from, to);
    }

    private Optional<Integer> signalId(UUID machineId, String name) throws SQLException {
        return jdbc.one("SELECT id FROM signal WHERE machine_id = ? AND name = ?", rs -> rs.getInt(1), machineId, name);
    }

}
