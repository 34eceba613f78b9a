package org.tiangong.analytics.oee;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.tiangong.analytics.topology.IdealCycleChange;
import org.tiangong.analytics.topology.IdealCycleTimes;

/**
 * OEE of machines and groups of machines, each machine by its own calendar (its plant's, or its line's or its own
 * shifts, see {@link CalendarStore}), from sums over time ({@link MachineSumsSource}): from rollups for closed time
 * and raw data at the edges by default, or from raw data only (to check the rollups, and in the query benchmark).
 * Time without data counts neither as run time nor as a loss; every result says its data coverage.
 * Downtime and energy are {@code losses.LossService}'s, the Andon board {@code andon.AndonBoard}'s.
 */
public final class OeeService {

    private final Jdbc jdbc;
    private final CalendarStore calendars;
    private final IdealCycleTimes idealCycles;
    private final Clock clock;
    private final MachineSumsSource sums;

    /** Reads rollups where they are closed. */
    public OeeService(DataSource dataSource, Clock clock) {
        this(dataSource, clock, new RollupSums(dataSource));
    }

    public OeeService(DataSource dataSource, Clock clock, MachineSumsSource sums) {
        this(dataSource, clock, sums, new CalendarStore(dataSource), new IdealCycleTimes(dataSource));
    }

    public OeeService(
            DataSource dataSource,
            Clock clock,
            MachineSumsSource sums,
            CalendarStore calendars,
            IdealCycleTimes idealCycles) {
        this.jdbc = new Jdbc(dataSource);
        this.calendars = calendars;
        this.idealCycles = idealCycles;
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
        Map<String, List<OeeResult>> byLabel = new LinkedHashMap<>();
        Map<String, TimeRange> ranges = new HashMap<>();
        List<OeeResult> totals = new ArrayList<>();
        Map<UUID, OeeReport> reports = reports(machineIds, from, to, granularity);
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
        buckets.sort(Comparator.comparing((OeeBucket b) -> b.range().start()).thenComparing(OeeBucket::label));
        return new OeeReport(granularity, buckets, OeeAggregate.combine(totals));
    }

    /** Each machine's report; all machines' sums are fetched in one go. */
    private Map<UUID, OeeReport> reports(List<UUID> machineIds, Instant from, Instant to, Granularity granularity)
            throws SQLException {
        Instant end = end(from, to);
        Map<UUID, MachineFacts> facts = facts(machineIds);
        Map<UUID, List<IdealCycleChange>> idealSteps = idealCycles.histories(machineIds);
        Map<UUID, ShiftCalendar> calendarOf = calendars.machineCalendars(machineIds);
        Map<UUID, Plan> plans = new HashMap<>();
        Map<UUID, List<List<TimeRange>>> requests = new HashMap<>();
        for (UUID m : machineIds) {
            MachineFacts f = facts.get(m);
            if (f == null) throw new IllegalArgumentException("no machine " + m);
            ShiftCalendar calendar = calendarOf.get(m);
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
        Map<UUID, List<MachineSums>> sumsByMachine = sums.sums(requests, MachineSumsSource.Measures.OEE);
        Map<UUID, OeeReport> out = new HashMap<>();
        for (UUID m : machineIds) {
            Plan plan = plans.get(m);
            List<MachineSums> segmentSums = sumsByMachine.get(m);
            List<OeeBucket> buckets = new ArrayList<>();
            List<OeeResult> parts = new ArrayList<>();
            Set<Double> ideals = new HashSet<>();
            double planned = 0;
            MachineSums total = MachineSums.ZERO;
            int next = 0;
            for (int k = 0; k < plan.buckets().size(); k++) {
                List<OeeResult> bucketParts = new ArrayList<>();
                for (IdealCycleSplit.Segment seg : plan.segments().get(k)) {
                    MachineSums s = segmentSums.get(next++);
                    bucketParts.add(OeeCalculator.compute(
                            seconds(seg.production()),
                            withData(s),
                            s.runningSeconds(),
                            seg.idealSeconds(),
                            s.good(),
                            s.scrap()));
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
                                            planned,
                                            withData(total),
                                            total.runningSeconds(),
                                            ideal,
                                            total.good(),
                                            total.scrap())
                                    : OeeAggregate.combine(parts)));
        }
        return out;
    }

    private Map<UUID, MachineFacts> facts(List<UUID> machineIds) throws SQLException {
        Map<UUID, MachineFacts> out = new HashMap<>();
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

    /**
     * Seconds in a known state. Summed from the five states rather than taken as planned − no data, because a
     * stretch with no sample at all may have no rollup row (and so no no-data seconds) either.
     */
    private static double withData(MachineSums s) {
        return s.runningSeconds() + s.idleSeconds() + s.setupSeconds() + s.faultSeconds() + s.offSeconds();
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

    /** Each machine's OEE report over [from, to) (the shift-so-far figures of the Andon board use it). */
    public Map<UUID, OeeReport> machineReports(List<UUID> machineIds, Instant from, Instant to, Granularity granularity)
            throws SQLException {
        return reports(machineIds, from, to, granularity);
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
}
