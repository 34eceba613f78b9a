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

    private final Jdbc jdbc;
    private final CalendarStore calendars;
    private final Clock clock;
    private final MachineSumsSource sums;
    private final org.tiangong.analytics.telemetry.StateSource states;

    /** Reads rollups where they are closed. */
    public OeeService(DataSource dataSource, Clock clock) {
        this(dataSource, clock, new RollupSums(dataSource));
    }

    public OeeService(DataSource dataSource, Clock clock, MachineSumsSource sums) {
        this.jdbc = new Jdbc(dataSource);
        this.calendars = new CalendarStore(dataSource);
        this.states = new org.tiangong.analytics.telemetry.StateSource(dataSource);
        this.clock = clock;
        this.sums = sums;
    }

    private record MachineFacts(UUID plantId, double idealCycleSeconds) {}

    /** One machine's buckets: their labels and spans, and the planned production ranges inside each. */
    private record Plan(List<Bucket> buckets, List<List<TimeRange>> production) {}

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
            for (Bucket b : buckets) perBucket.add(clip(production, b.range()));
            plans.put(m, new Plan(buckets, perBucket));
            requests.put(m, perBucket);
        }
        java.util.Map<UUID, List<MachineSums>> sumsByMachine = sums.sums(requests);
        java.util.Map<UUID, OeeReport> out = new java.util.HashMap<>();
        for (UUID m : machineIds) {
            Plan plan = plans.get(m);
            double ideal = facts.get(m).idealCycleSeconds();
            List<MachineSums> bucketSums = sumsByMachine.get(m);
            List<OeeBucket> buckets = new ArrayList<>();
            double planned = 0;
            MachineSums total = MachineSums.ZERO;
            for (int k = 0; k < plan.buckets().size(); k++) {
                double p = seconds(plan.production().get(k));
                MachineSums s = bucketSums.get(k);
                buckets.add(new OeeBucket(plan.buckets().get(k).label(), plan.buckets().get(k).range(),
                        OeeCalculator.compute(p, s.runningSeconds(), ideal, s.good(), s.scrap())));
                planned += p;
                total = total.plus(s);
            }
            out.put(m, new OeeReport(granularity, buckets,
                    OeeCalculator.compute(planned, total.runningSeconds(), ideal, total.good(), total.scrap())));
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
        UUID plant = jdbc.one("SELECT l.plant_id FROM machine m JOIN line l ON l.id = m.line_id WHERE m.id = ?",
                rs -> rs.getObject(1, UUID.class), machineId).orElseThrow(() -> new IllegalArgumentException("no machine " + machineId));
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

    /** The Andon view of a machine now. A machine silent for longer than {@code staleAfter} is no data. */
    public MachineStatus status(UUID machineId, java.time.Duration staleAfter) throws SQLException {
        Instant now = clock.instant();
        Optional<Integer> stateSignal = signalId(machineId, "state");
        Instant lastSample = jdbc.one("SELECT max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id WHERE s.machine_id = ?",
                rs -> Jdbc.instant(rs, "t"), machineId).orElse(null);
        String state = "no_data";
        Instant since = null;
        if (stateSignal.isPresent()) {
            Optional<StateSample> latest = jdbc.one("SELECT time, value, status FROM signal_latest WHERE signal_id = ?",
                    rs -> new StateSample(Jdbc.instant(rs, "time"), rs.getDouble(2), rs.getInt(3)), stateSignal.get());
            if (latest.isPresent()) {
                state = StateIntervals.stateOf(latest.get());
                // entered the state with the first sample after the last one that showed something else
                since = jdbc.one("""
                        SELECT min(time) AS t FROM telemetry WHERE signal_id = ? AND time > coalesce(
                            (SELECT max(time) FROM telemetry WHERE signal_id = ? AND (value IS DISTINCT FROM ? OR status <> ?)),
                            '-infinity'::timestamptz)""",
                        rs -> Jdbc.instant(rs, "t"), stateSignal.get(), stateSignal.get(), latest.get().code(), latest.get().status())
                        .orElse(latest.get().time());
            }
        }
        if (stateSignal.isEmpty()) {
            // no state node: the kind's rule over the last day; "since" is at most a day back
            List<StateInterval> recent = states.load(machineId, now.minus(java.time.Duration.ofDays(1)), now)
                    .intervals(now.minus(java.time.Duration.ofDays(1)), now);
            for (int k = recent.size() - 1; k >= 0; k--) {
                if (!recent.get(k).state().equals("no_data")) {
                    state = recent.get(k).state();
                    since = recent.get(k).start();
                    break;
                }
            }
        }
        if (lastSample == null || lastSample.isBefore(now.minus(staleAfter))) state = "no_data";
        UUID plant = jdbc.one("SELECT l.plant_id FROM machine m JOIN line l ON l.id = m.line_id WHERE m.id = ?",
                rs -> rs.getObject(1, UUID.class), machineId).orElseThrow();
        ShiftCalendar calendar = calendars.calendar(plant);
        OeeBucket shift = null;
        for (ShiftInstance s : calendar.shifts(now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(1)))) {
            if (!now.isBefore(s.range().start()) && now.isBefore(s.range().end())) {
                OeeReport soFar = machineOee(machineId, s.range().start(), now, Granularity.SHIFT);
                shift = new OeeBucket(s.date() + " " + s.name(), s.range(), soFar.total());
            }
        }
        return new MachineStatus(state, since, lastSample, shift);
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

    private static List<TimeRange> clip(List<TimeRange> ranges, TimeRange to) {
        List<TimeRange> out = new ArrayList<>();
        for (TimeRange r : ranges) r.intersect(to).ifPresent(out::add);
        return out;
    }

    private List<StateInterval> stateIntervals(UUID machineId, Instant from, Instant to) throws SQLException {
        return states.load(machineId, from, to).intervals(from, to);
    }

    private Optional<Integer> signalId(UUID machineId, String name) throws SQLException {
        return jdbc.one("SELECT id FROM signal WHERE machine_id = ? AND name = ?", rs -> rs.getInt(1), machineId, name);
    }

}
