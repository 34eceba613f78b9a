package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.oee.Granularity;
import org.tiangong.analytics.oee.OeeResult;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.rollup.MachineSums;
import org.tiangong.analytics.rollup.MachineSumsSource;

/**
 * The KPIs of an enterprise over one period (docs/metrics.md, "Smart-manufacturing upgrade"): from telemetry
 * (rollups, and OEE through {@link OeeService}) and from the monthly figures it reported, prorated by days.
 */
final class PeriodKpiReader {

    /** Exact enough that a month's share (15/31) leaves ratios of one month exact in a double. */
    private static final MathContext SHARE = MathContext.DECIMAL128;

    private final Jdbc jdbc;
    private final OeeService oee;
    private final MachineSumsSource sums;
    private final MonthlyFigureStore figures;
    private final Clock clock;
    private final ZoneId zone;

    PeriodKpiReader(
            DataSource dataSource,
            OeeService oee,
            MachineSumsSource sums,
            MonthlyFigureStore figures,
            Clock clock,
            ZoneId zone) {
        this.jdbc = new Jdbc(dataSource);
        this.oee = oee;
        this.sums = sums;
        this.figures = figures;
        this.clock = clock;
        this.zone = zone;
    }

    PeriodKpis kpis(UUID enterpriseId, List<UUID> machines, Period period) throws SQLException {
        return new PeriodKpis(period, telemetry(machines, period), reported(enterpriseId, period));
    }

    private TelemetryKpis telemetry(List<UUID> machines, Period period) throws SQLException {
        if (machines.isEmpty()) return TelemetryKpis.noData(0, null);
        Instant from = period.start(zone);
        Instant to = min(period.end(zone), clock.instant());
        if (!to.isAfter(from)) return TelemetryKpis.noData(machines.size(), null);
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
        // throughout is not evidence of anything
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
        // OEE over every machine: a silent one adds planned time without data, which lowers the coverage and
        // nothing else (time without data is neither run time nor a loss)
        OeeResult o = oee.groupOee(machines, from, to, Granularity.DAY).total();
        if (reporting.isEmpty()) return TelemetryKpis.noData(0, o.dataCoverage());
        double runHours = running / 3600.0;
        return new TelemetryKpis(
                true,
                reporting.size(),
                known / (seconds * reporting.size()),
                o.dataCoverage(),
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

    /** Each reported month by the share of its days inside the period. */
    private ReportedKpis reported(UUID enterpriseId, Period period) throws SQLException {
        int months = 0;
        long coveredDays = 0;
        BigDecimal output = BigDecimal.ZERO, energy = BigDecimal.ZERO, employees = BigDecimal.ZERO;
        for (MonthlyFigure f : figures.figures(enterpriseId)) {
            LocalDate first = max(f.month().atDay(1), period.from());
            LocalDate last = min(f.month().atEndOfMonth(), period.to());
            if (last.isBefore(first)) continue;
            long days = ChronoUnit.DAYS.between(first, last) + 1;
            BigDecimal share =
                    BigDecimal.valueOf(days).divide(BigDecimal.valueOf(f.month().lengthOfMonth()), SHARE);
            months++;
            coveredDays += days;
            output = output.add(f.outputValueWan().multiply(share, SHARE));
            energy = energy.add(f.energyTce().multiply(share, SHARE));
            employees = employees.add(BigDecimal.valueOf(f.employees()).multiply(share, SHARE));
        }
        if (months == 0) return new ReportedKpis(0, null, null, null, 0.0, null, null);
        return new ReportedKpis(
                months,
                output,
                employees.doubleValue(),
                energy,
                (double) coveredDays / period.days(),
                employees.signum() > 0 ? output.divide(employees, SHARE).doubleValue() : null,
                output.signum() > 0 ? energy.divide(output, SHARE).doubleValue() : null);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
