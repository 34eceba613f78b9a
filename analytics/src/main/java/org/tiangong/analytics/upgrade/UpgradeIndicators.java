package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.oee.OeeService;
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
    private final RegistryStore registry;
    private final ProjectStore projects;
    private final PeriodKpiReader periods;
    private final Clock clock;
    private final ZoneId zone;

    public UpgradeIndicators(DataSource dataSource, OeeService oee, Clock clock, ZoneId zone) {
        this.jdbc = new Jdbc(dataSource);
        this.registry = new RegistryStore(dataSource);
        this.projects = new ProjectStore(dataSource);
        this.periods = new PeriodKpiReader(
                dataSource, oee, new RollupSums(dataSource), new MonthlyFigureStore(dataSource), clock, zone);
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

    /**
     * Baseline and comparison KPIs of a project, and their changes; periods as {@link ComparisonPeriods} chooses
     * them (a project whose dates make them overlap is reported so, with nothing computed).
     */
    public BeforeAfter beforeAfter(Project p) throws SQLException {
        LocalDate yesterday = LocalDate.now(clock.withZone(zone)).minusDays(1);
        ComparisonPeriods.Choice c = ComparisonPeriods.choose(p, yesterday);
        if (c.baseline() == null)
            return new BeforeAfter(c.basis(), c.status(), c.reason(), null, null, KpiChanges.of(null, null));
        List<UUID> machines = machines(p.enterpriseId());
        PeriodKpis before = periods.kpis(p.enterpriseId(), machines, c.baseline());
        PeriodKpis after = c.comparison() == null ? null : periods.kpis(p.enterpriseId(), machines, c.comparison());
        return new BeforeAfter(c.basis(), c.status(), c.reason(), before, after, KpiChanges.of(before, after));
    }

    /** KPIs of an enterprise's machines and reported figures over a period. */
    public PeriodKpis kpis(UUID enterpriseId, Period period) throws SQLException {
        return periods.kpis(enterpriseId, machines(enterpriseId), period);
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
}
