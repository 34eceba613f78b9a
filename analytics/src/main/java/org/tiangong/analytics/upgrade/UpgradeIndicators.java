package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.MachineSumsSource;
import org.tiangong.analytics.rollup.RollupSums;

/**
 * The 智能化改造 indicators (definitions: docs/metrics.md, "Smart-manufacturing upgrade"): ledger rates per enterprise,
 * before/after KPIs of projects from telemetry (through {@link OeeService} and the rollups) and from reported monthly
 * figures, sums per town and county, and the programme's progress. Blocking (JDBC).
 */
public final class UpgradeIndicators {

    /** A sample newer than this makes a networked asset count as online. */
    public static final Duration NETWORKED_WINDOW = Duration.ofHours(24);
    /** Longest baseline or comparison period (OEE from rollups answers up to a year). */
    public static final int MAX_PERIOD_DAYS = 366;

    private final Jdbc jdbc;
    private final OeeService oee;
    private final MachineSumsSource sums;
    private final RegistryStore registry;
    private final ProjectStore projects;
    private final MonthlyFigureStore figures;
    private final Clock clock;
    private final ZoneId zone;

    public UpgradeIndicators(DataSource dataSource, OeeService oee, Clock clock, ZoneId zone) {
        this.jdbc = new Jdbc(dataSource);
        this.oee = oee;
        this.sums = new RollupSums(dataSource);
        this.registry = new RegistryStore(dataSource);
        this.projects = new ProjectStore(dataSource);
        this.figures = new MonthlyFigureStore(dataSource);
        this.clock = clock;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Ledger counts of every enterprise that has a ledger (enterprises without one are absent). */
    public Map<UUID, LedgerCounts> ledgers() throws SQLException {
        return ledgers(null);
    }

    public LedgerCounts ledger(UUID enterpriseId) throws SQLException {
        return ledgers(enterpriseId).getOrDefault(enterpriseId, LedgerCounts.NONE);
    }

    private Map<UUID, LedgerCounts> ledgers(UUID onlyEnterprise) throws SQLException {
        Instant now = clock.instant();
        Instant since = now.minus(NETWORKED_WINDOW);
        // online: a Good or Uncertain sample (status ≥ 0 as a signed int: Bad has the top bit set) in (now − 24 h,
        // now];
        // signal_latest rules out silent signals before telemetry is probed through its primary key
        String sql = """
                WITH a AS (
                    SELECT p.enterprise_id, x.numerical_control, x.key_process,
                           x.machine_id IS NOT NULL AND EXISTS (
                               SELECT 1 FROM signal s JOIN signal_latest sl ON sl.signal_id = s.id
                               WHERE s.machine_id = x.machine_id AND sl.time > ?
                                 AND EXISTS (SELECT 1 FROM telemetry t WHERE t.signal_id = s.id AND t.time > ? AND t.time <= ?
                                             AND t.status >= 0)) AS online
                    FROM equipment_asset x JOIN plant p ON p.id = x.plant_id
                    WHERE x.production AND (?::uuid IS NULL OR p.enterprise_id = ?::uuid))
                SELECT enterprise_id, count(*), count(*) FILTER (WHERE online), count(*) FILTER (WHERE numerical_control),
                       count(*) FILTER (WHERE key_process), count(*) FILTER (WHERE key_process AND numerical_control)
                FROM a GROUP BY enterprise_id""";
        Map<UUID, LedgerCounts> out = new HashMap<>();
        jdbc.list(
                sql,
                rs -> out.put(
                        rs.getObject(1, UUID.class),
                        new LedgerCounts(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6))),
                since,
                since,
                now,
                onlyEnterprise,
                onlyEnterprise);
        return out;
    }

    /** Every indicator of one enterprise. */
    public EnterpriseIndicators enterprise(UUID enterpriseId) throws SQLException {
        Registry r = registry.registry(enterpriseId)
                .orElseThrow(() -> new IllegalArgumentException("no enterprise " + enterpriseId));
        return indicators(r, ledger(enterpriseId), projects.projects(enterpriseId));
    }

    /** The ranking's rows: every enterprise, in code order (callers sort and filter). */
    public List<EnterpriseIndicators> enterprises() throws SQLException {
        Map<UUID, LedgerCounts> ledgers = ledgers();
        Map<UUID, List<Project>> byEnterprise = new HashMap<>();
        for (Project p : projects.all())
            byEnterprise
                    .computeIfAbsent(p.enterpriseId(), k -> new ArrayList<>())
                    .add(p);
        List<EnterpriseIndicators> out = new ArrayList<>();
        for (Registry r : registry.all()) {
            out.add(indicators(
                    r,
                    ledgers.getOrDefault(r.enterpriseId(), LedgerCounts.NONE),
                    byEnterprise.getOrDefault(r.enterpriseId(), List.of())));
        }
        return out;
    }

    private EnterpriseIndicators indicators(Registry r, LedgerCounts ledger, List<Project> list) throws SQLException {
        UpgradeStatus furthest = list.stream()
                .map(Project::status)
                .max(Comparator.naturalOrder())
                .orElse(null);
        BigDecimal investment = BigDecimal.ZERO, applied = BigDecimal.ZERO, granted = BigDecimal.ZERO;
        for (Project p : list) {
            investment = investment.add(ProjectStore.zeroIfNull(p.investmentWan()));
            applied = applied.add(ProjectStore.zeroIfNull(p.subsidyAppliedWan()));
            granted = granted.add(ProjectStore.zeroIfNull(p.subsidyGrantedWan()));
        }
        Project headline = headline(list);
        BeforeAfter ba = headline == null ? null : beforeAfter(headline);
        return new EnterpriseIndicators(
                r, Stage.of(furthest), list.size(), ledger, investment, applied, granted, headline, ba, list);
    }

    /**
     * The project an enterprise is judged by in the ranking: of those with a baseline, the furthest along (ties: the
     * latest completion, then the newest); without any baseline, the furthest project.
     */
    public static Project headline(List<Project> list) {
        Comparator<Project> order = Comparator.comparing(Project::status)
                .thenComparing(Project::actualEnd, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Project::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        return list.stream()
                .filter(p -> p.baselineFrom() != null)
                .max(order)
                .orElse(list.stream().max(order).orElse(null));
    }

    /** Baseline and comparison KPIs of a project, and their changes. */
    public BeforeAfter beforeAfter(Project p) throws SQLException {
        LocalDate yesterday = LocalDate.now(clock.withZone(zone)).minusDays(1);
        if (p.baselineFrom() == null
                || p.baselineTo() == null
                || p.baselineFrom().isAfter(yesterday)) {
            return new BeforeAfter("no_baseline", null, null, changes(null, null));
        }
        Period baseline = new Period(p.baselineFrom(), min(p.baselineTo(), yesterday));
        long days = baseline.days();
        String basis;
        Period comparison;
        if (p.compareFrom() != null && p.compareTo() != null) {
            basis = "set";
            comparison = p.compareFrom().isAfter(yesterday)
                    ? null
                    : new Period(p.compareFrom(), min(p.compareTo(), yesterday));
        } else if (p.status().done() && p.actualEnd() != null) {
            basis = "after_completion";
            LocalDate start = p.actualEnd().plusDays(1);
            comparison = start.isAfter(yesterday) ? null : new Period(start, min(start.plusDays(days - 1), yesterday));
        } else {
            basis = "recent";
            comparison = new Period(yesterday.minusDays(days - 1), yesterday);
        }
        if (comparison == null) basis = "pending";
        List<UUID> machines = machines(p.enterpriseId());
        PeriodKpis before = kpis(p.enterpriseId(), machines, baseline);
        PeriodKpis after = comparison == null ? null : kpis(p.enterpriseId(), machines, comparison);
        return new BeforeAfter(basis, before, after, changes(before, after));
    }

    /** KPIs of an enterprise's machines and reported figures over a period. */
    public PeriodKpis kpis(UUID enterpriseId, Period period) throws SQLException {
        return kpis(enterpriseId, machines(enterpriseId), period);
    }

    private PeriodKpis kpis(UUID enterpriseId, List<UUID> machines, Period period) throws SQLException {
        return new PeriodKpis(period, telemetry(machines, period), reported(enterpriseId, period));
    }

    private TelemetryKpis telemetry(List<UUID> machines, Period period) throws SQLException {
        if (machines.isEmpty()) return TelemetryKpis.noData(0);
        Instant from = period.start(zone);
        Instant to = min(period.end(zone), clock.instant());
        if (!to.isAfter(from)) return TelemetryKpis.noData(machines.size());
        Map<UUID, List<List<TimeRange>>> requests = new LinkedHashMap<>();
        for (UUID m : machines) requests.put(m, List.of(List.of(new TimeRange(from, to))));
        Map<UUID, List<MachineSums>> byMachine = sums.sums(requests);
        Set<UUID> metered = new HashSet<>(jdbc.list(
                "SELECT DISTINCT machine_id FROM signal WHERE name = 'energy' AND machine_id = ANY(?)",
                rs -> rs.getObject(1, UUID.class),
                (Object) machines.toArray(new UUID[0])));
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        double known = 0, running = 0, good = 0, scrap = 0, kwh = 0, meteredGood = 0;
        // only machines that reported in the period: one connected later (often by the project itself) or silent
        // throughout is not evidence of anything, and would otherwise count as planned time without run time
        List<UUID> reporting = new ArrayList<>();
        for (UUID m : machines) {
            MachineSums s = byMachine.get(m).get(0);
            // known time is time in a known state (sums over stretches without any sample are all zero)
            double machineKnown =
                    s.runningSeconds() + s.idleSeconds() + s.setupSeconds() + s.faultSeconds() + s.offSeconds();
            if (machineKnown < 0.5) continue; // a rounding remainder of a millisecond is not data
            reporting.add(m);
            known += machineKnown;
            running += s.runningSeconds();
            good += s.good();
            scrap += s.scrap();
            if (metered.contains(m)) {
                kwh += s.energyKwh();
                meteredGood += s.good();
            }
        }
        if (reporting.isEmpty()) return TelemetryKpis.noData(0);
        OeeResult o = oee.groupOee(reporting, from, to, Granularity.DAY).total();
        double runHours = running / 3600.0;
        return new TelemetryKpis(
                true,
                reporting.size(),
                known / (seconds * reporting.size()),
                o.oee(),
                o.availability(),
                o.performance(),
                o.quality(),
                good,
                scrap,
                runHours,
                runHours > 0 ? good / runHours : null,
                good + scrap > 0 ? scrap / (good + scrap) : null,
                metered.isEmpty() ? null : kwh,
                meteredGood > 0 ? kwh / meteredGood : null);
    }

    private ReportedKpis reported(UUID enterpriseId, Period period) throws SQLException {
        YearMonth first = YearMonth.from(period.from());
        YearMonth last = YearMonth.from(period.to());
        int months = 0;
        BigDecimal output = BigDecimal.ZERO, energy = BigDecimal.ZERO;
        long employees = 0;
        for (MonthlyFigure f : figures.figures(enterpriseId)) {
            if (f.month().isBefore(first) || f.month().isAfter(last)) continue;
            months++;
            output = output.add(f.outputValueWan());
            energy = energy.add(f.energyTce());
            employees += f.employees();
        }
        if (months == 0) return new ReportedKpis(0, null, null, null, null, null);
        return new ReportedKpis(
                months,
                output,
                employees,
                energy,
                output.doubleValue() / employees,
                output.signum() > 0
                        ? energy.divide(output, MathContext.DECIMAL64).doubleValue()
                        : null);
    }

    private static List<BeforeAfter.Change> changes(PeriodKpis before, PeriodKpis after) {
        List<BeforeAfter.Change> out = new ArrayList<>();
        out.add(change(
                "oee",
                "设备综合效率 OEE",
                "ratio",
                true,
                before == null ? null : before.telemetry().oee(),
                after == null ? null : after.telemetry().oee()));
        out.add(change(
                "output_per_run_hour",
                "每运行小时产出 good parts per operating hour",
                "件/h parts/h",
                true,
                before == null ? null : before.telemetry().outputPerRunHour(),
                after == null ? null : after.telemetry().outputPerRunHour()));
        out.add(change(
                "scrap_rate",
                "不良率 defect (scrap) rate",
                "ratio",
                false,
                before == null ? null : before.telemetry().scrapRate(),
                after == null ? null : after.telemetry().scrapRate()));
        out.add(change(
                "kwh_per_good_part",
                "单件能耗 energy per good part",
                "kWh/件 kWh/part",
                false,
                before == null ? null : before.telemetry().kwhPerGoodPart(),
                after == null ? null : after.telemetry().kwhPerGoodPart()));
        out.add(change(
                "output_value_per_employee",
                "人均产值 output value per employee",
                "万元/人·月 10k yuan/person-month",
                true,
                before == null ? null : before.reported().outputValuePerEmployee(),
                after == null ? null : after.reported().outputValuePerEmployee()));
        out.add(change(
                "energy_per_wan_yuan",
                "万元产值能耗 energy per 10 000 yuan of output value",
                "tce/万元 tce/10k yuan",
                false,
                before == null ? null : before.reported().energyPerWanYuan(),
                after == null ? null : after.reported().energyPerWanYuan()));
        return out;
    }

    private static BeforeAfter.Change change(
            String key, String label, String unit, boolean higherIsBetter, Double before, Double after) {
        if (before == null || after == null)
            return new BeforeAfter.Change(key, label, unit, higherIsBetter, before, after, null, null, null);
        double change = after - before;
        Double relative = before != 0 ? change / before : null;
        Boolean improved = change == 0 ? Boolean.FALSE : (higherIsBetter == change > 0);
        return new BeforeAfter.Change(key, label, unit, higherIsBetter, before, after, change, relative, improved);
    }

    /** The machines of an enterprise in Tiangong. */
    public List<UUID> machines(UUID enterpriseId) throws SQLException {
        return jdbc.list(
                "SELECT m.id FROM machine m JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id "
                        + "WHERE p.enterprise_id = ? ORDER BY m.id",
                rs -> rs.getObject(1, UUID.class),
                enterpriseId);
    }

    /** County totals, one row per town (enterprises without a town under "未填写 not given"), and the programme. */
    public CountyOverview overview(List<EnterpriseIndicators> rows) throws SQLException {
        Map<String, List<EnterpriseIndicators>> byTown = new TreeMap<>();
        for (EnterpriseIndicators e : rows) {
            String town = e.registry().town() == null || e.registry().town().isBlank()
                    ? NO_TOWN
                    : e.registry().town();
            byTown.computeIfAbsent(town, k -> new ArrayList<>()).add(e);
        }
        List<AreaTotals> towns = new ArrayList<>();
        for (var entry : byTown.entrySet()) towns.add(totals(entry.getKey(), entry.getValue()));
        return new CountyOverview(clock.instant(), totals(null, rows), towns, progress(rows));
    }

    public static final String NO_TOWN = "未填写 not given";

    private static AreaTotals totals(String town, List<EnterpriseIndicators> rows) {
        Map<Stage, Integer> stages = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) stages.put(s, 0);
        LedgerCounts ledger = LedgerCounts.NONE;
        BigDecimal investment = BigDecimal.ZERO, applied = BigDecimal.ZERO, granted = BigDecimal.ZERO;
        int aboveScale = 0, noLedger = 0;
        for (EnterpriseIndicators e : rows) {
            stages.merge(e.stage(), 1, Integer::sum);
            ledger = ledger.plus(e.ledger());
            if (e.ledger().assets() == 0) noLedger++;
            investment = investment.add(e.investmentWan());
            applied = applied.add(e.subsidyAppliedWan());
            granted = granted.add(e.subsidyGrantedWan());
            if (e.registry().aboveScale()) aboveScale++;
        }
        return new AreaTotals(town, rows.size(), aboveScale, stages, ledger, investment, applied, granted, noLedger);
    }

    /** The programme's years against the above-scale enterprises' completion and acceptance dates. */
    public ProgrammeProgress progress(List<EnterpriseIndicators> rows) throws SQLException {
        var programme = projects.programme().orElse(null);
        List<EnterpriseIndicators> above =
                rows.stream().filter(e -> e.registry().aboveScale()).toList();
        int completed = (int) above.stream()
                .filter(e -> e.stage() == Stage.COMPLETED || e.stage() == Stage.ACCEPTED)
                .count();
        int accepted =
                (int) above.stream().filter(e -> e.stage() == Stage.ACCEPTED).count();
        List<ProgrammeProgress.Year> years = new ArrayList<>();
        if (programme != null) {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            for (Programme.Target t : programme.targets()) {
                LocalDate yearEnd = LocalDate.of(t.year(), 12, 31);
                int done = 0, acc = 0;
                for (EnterpriseIndicators e : above) {
                    if (e.allProjects().stream()
                            .anyMatch(p -> p.status().done() && onOrBefore(p.actualEnd(), yearEnd, today))) done++;
                    if (e.allProjects().stream()
                            .anyMatch(p ->
                                    p.status() == UpgradeStatus.ACCEPTED && onOrBefore(p.acceptedOn(), yearEnd, today)))
                        acc++;
                }
                double share = t.share().doubleValue();
                int target = (int) Math.ceil(share * above.size() - 1e-9);
                years.add(new ProgrammeProgress.Year(
                        t.year(),
                        share,
                        target,
                        done,
                        acc,
                        above.isEmpty() ? null : (double) done / above.size(),
                        done >= target,
                        t.year() == today.getYear()));
            }
        }
        return new ProgrammeProgress(programme, above.size(), completed, accepted, years);
    }

    /** A date at or before the year's end; a missing date counts as today (the status says it happened). */
    private static boolean onOrBefore(LocalDate d, LocalDate yearEnd, LocalDate today) {
        return !(d == null ? today : d).isAfter(yearEnd);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
