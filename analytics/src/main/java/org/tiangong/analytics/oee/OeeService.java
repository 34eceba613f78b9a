package org.tiangong.analytics.oee;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.calendar.ShiftCalendar;
import org.tiangong.analytics.calendar.ShiftInstance;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.MachineSumsSource;
import org.tiangong.analytics.rollup.RollupSums;
import org.tiangong.analytics.telemetry.StateInterval;

/**
 * OEE, downtime and energy of machines, from their plants' calendars and their telemetry. OEE and
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
    private record Plan(
            List<Bucket> buckets, List<List<TimeRange>> production, List<List<IdealCycleSplit.Segment>> segments) {}

    public OeeReport machineOee(UUID machineId, Instant from, Instant to, Granularity granularity) throws SQLException {
        return reports(List.of(machineId), from, to, granularity).get(machineId);
    }

    /**
     * OEE of a group of machines (a line, plant or enterprise): each machine by its own plant's calendar, combined
     * per bucket label and in total with {@link OeeAggregate}.
     */
    public OeeReport groupOee(List<UUID> machineIds, Instant from, Instant to, Granularity granularity)
            throws SQLException {
        java.util.Map<String, List<OeeResult>> byLabel = new java.util.LinkedHashMap<>();
        java.util.Map<String, TimeRange> ranges = new java.util.HashMap<>();
        List<OeeResult> totals = new ArrayList<>();
        java.util.Map<UUID, OeeReport> reports = reports(machineIds, from, to, granularity);
        for (UUID m : machineIds) {
            OeeReport r = reports.get(m);
            totals.add(r.total());
            for (OeeBucket b : r.buckets()) {
                byLabel.computeIfAbsent(b.label(), k -> new ArrayList<>()).add(b.result());
                ranges.merge(
                        b.label(),
                        b.range(),
                        (x, y) -> new TimeRange(
                                x.start().isBefore(y.start()) ? x.start() : y.start(),
                                x.end().isAfter(y.end()) ? x.end() : y.end()));
            }
        }
        List<OeeBucket> buckets = new ArrayList<>();
        byLabel.forEach((label, results) ->
                buckets.add(new OeeBucket(label, ranges.get(label), OeeAggregate.combine(results))));
        buckets.sort(java.util.Comparator.comparing((OeeBucket b) -> b.range().start())
                .thenComparing(OeeBucket::label));
        return new OeeReport(granularity, buckets, OeeAggregate.combine(totals));
    }

    /** Each machine's report; all machines' sums are fetched in one go. */
    private java.util.Map<UUID, OeeReport> reports(
            List<UUID> machineIds, Instant from, Instant to, Granularity granularity) throws SQLException {
        Instant end = end(from, to);
        java.util.Map<UUID, MachineFacts> facts = facts(machineIds);
        java.util.Map<UUID, List<org.tiangong.analytics.topology.IdealCycleChange>> idealSteps =
                idealCycles.histories(machineIds);
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
            List<List<IdealCycleSplit.Segment>> segments = IdealCycleSplit.split(
                    buckets.stream().map(Bucket::range).toList(), perBucket, idealSteps.get(m), f.idealCycleSeconds());
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
                    bucketParts.add(OeeCalculator.compute(
                            seconds(seg.production()), s.runningSeconds(), seg.idealSeconds(), s.good(), s.scrap()));
                    ideals.add(seg.idealSeconds());
                    total = total.plus(s);
                }
                // each part judged by its own ideal cycle time, combined like machines of a group
                buckets.add(new OeeBucket(
                        plan.buckets().get(k).label(),
                        plan.buckets().get(k).range(),
                        bucketParts.size() == 1 ? bucketParts.get(0) : OeeAggregate.combine(bucketParts)));
                parts.addAll(bucketParts);
                planned += seconds(plan.production().get(k));
            }
            double ideal =
                    ideals.size() == 1 ? ideals.iterator().next() : facts.get(m).idealCycleSeconds();
            out.put(
                    m,
                    new OeeReport(
                            granularity,
                            buckets,
                            ideals.size() <= 1
                                    ? OeeCalculator.compute(
                                            planned, total.runningSeconds(), ideal, total.good(), total.scrap())
                                    : OeeAggregate.combine(parts)));
        }
        return out;
    }

    private java.util.Map<UUID, MachineFacts> facts(List<UUID> machineIds) throws SQLException {
        java.util.Map<UUID, MachineFacts> out = new java.util.HashMap<>();
        jdbc.list(
                "SELECT m.id, l.plant_id, m.ideal_cycle_time_seconds FROM machine m JOIN line l ON l.id = m.line_id WHERE m.id = ANY(?)",
                rs -> {
                    Double ideal = (Double) rs.getObject(3);
                    return out.put(
                            rs.getObject(1, UUID.class),
                            new MachineFacts(rs.getObject(2, UUID.class), ideal == null ? Double.NaN : ideal));
                },
                (Object) machineIds.toArray(new UUID[0]));
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
    public org.tiangong.analytics.losses.DowntimeReport downtime(
            UUID machineId, Instant from, Instant to, java.time.Duration microStop) throws SQLException {
        Instant end = end(from, to);
        List<TimeRange> production = production(machineId, from, end);
        List<StateInterval> intervals = stateIntervals(machineId, from, end);
        var alarms = new org.tiangong.analytics.losses.AlarmHistory(dataSource).load(machineId, from, end);
        java.util.Map<Integer, org.tiangong.analytics.losses.ReasonStore.Reason> names = new java.util.HashMap<>();
        jdbc.list(
                "SELECT code, name, planned FROM downtime_reason",
                rs -> names.put(
                        rs.getInt(1),
                        new org.tiangong.analytics.losses.ReasonStore.Reason(
                                rs.getInt(1), rs.getString(2), rs.getBoolean(3))));
        var classified =
                new org.tiangong.analytics.losses.StopClassifications(dataSource).reasons(machineId, from, end);
        var stops = org.tiangong.analytics.losses.Downtime.stops(
                intervals, production, alarms, names, classified, microStop);
        return org.tiangong.analytics.losses.Downtime.report(stops, ShiftOee.runSecondsWithin(intervals, production));
    }

    /**
     * Energy over the window from the meter's steps (through resets), each step counted in the state the machine was
     * in when the meter showed it; kWh per good part counts good parts over the whole window.
     */
    public org.tiangong.analytics.losses.EnergyReport energy(UUID machineId, Instant from, Instant to)
            throws SQLException {
        Instant end = end(from, to);
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end)));
        return new org.tiangong.analytics.losses.EnergyReport(
                s.energyKwh(),
                s.energyRunningKwh(),
                s.energyIdleKwh(),
                s.good(),
                s.good() > 0 ? s.energyKwh() / s.good() : null);
    }

    /**
     * Seconds in each state over [from, min(to, now)) and utilization = running ÷ elapsed; from rollups where closed
     * (the same numbers as {@code TelemetryQueries.stateDurations} reads from raw data).
     */
    public org.tiangong.analytics.telemetry.StateDurations utilization(UUID machineId, Instant from, Instant to)
            throws SQLException {
        Instant end = end(from, to);
        MachineSums s = sums.sums(machineId, List.of(new TimeRange(from, end)));
        return new org.tiangong.analytics.telemetry.StateDurations(
                s.secondsByState(), new TimeRange(from, end).seconds());
    }

    /** The Andon view of a machine now. A machine silent for longer than {@code staleAfter} is no data. */
    public MachineStatus status(UUID machineId, java.time.Duration staleAfter) throws SQLException {
        return statuses(List.of(machineId), staleAfter).get(machineId);
    }

    /** The Andon view of many machines now (a line's board); computed by {@link org.tiangong.analytics.andon.AndonBoard}. */
    public java.util.Map<UUID, MachineStatus> statuses(List<UUID> machineIds, java.time.Duration staleAfter)
            throws SQLException {
        return new org.tiangong.analytics.andon.AndonBoard(dataSource, clock, this).statuses(machineIds, staleAfter);
    }

    /** Each machine's OEE report over [from, to) (the shift-so-far figures of the Andon board use it). */
    public java.util.Map<UUID, OeeReport> machineReports(
            List<UUID> machineIds, Instant from, Instant to, Granularity granularity) throws SQLException {
        return reports(machineIds, from, to, granularity);
    }

    /** The plant of each machine (machines that do not exist are absent). */
    public java.util.Map<UUID, UUID> plantsOf(List<UUID> machineIds) throws SQLException {
        java.util.Map<UUID, UUID> out = new java.util.HashMap<>();
        facts(machineIds).forEach((m, f) -> out.put(m, f.plantId()));
        return out;
    }

    private record Bucket(String label, TimeRange range) {}

    private static List<Bucket> buckets(
            Granularity g, ShiftCalendar calendar, List<ShiftInstance> shifts, Instant from, Instant to) {
        List<Bucket> out = new ArrayList<>();
        if (g == Granularity.SHIFT) {
            for (ShiftInstance s : shifts) out.add(new Bucket(s.date() + " " + s.name(), s.range()));
            return out;
        }
        ChronoUnit unit = g == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        DateTimeFormatter fmt = g == Granularity.HOUR
                ? DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00")
                : DateTimeFormatter.ISO_LOCAL_DATE;
        ZonedDateTime cursor = from.atZone(calendar.zone()).truncatedTo(unit);
        while (cursor.toInstant().isBefore(to)) {
            ZonedDateTime next = unit == ChronoUnit.DAYS
                    ? cursor.toLocalDate().plusDays(1).atStartOfDay(calendar.zone())
                    : cursor.plusHours(1);
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
        for (int k = lo; k < ranges.size() && ranges.get(k).start().isBefore(to.end()); k++)
            ranges.get(k).intersect(to).ifPresent(out::add);
        return out;
    }

    private List<StateInterval> stateIntervals(UUID machineId, Instant from, Instant to) throws SQLException {
        return states.load(machineId, from, to).intervals(from, to);
    }
}
