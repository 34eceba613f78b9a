package org.tiangong.api;

import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.tiangong.analytics.accounts.ApiKeyStore;
import org.tiangong.analytics.accounts.AuditLog;
import org.tiangong.analytics.accounts.RevokedTokens;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.andon.AndonBoard;
import org.tiangong.analytics.calendar.CalendarStore;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.losses.AlarmHistory;
import org.tiangong.analytics.losses.LossService;
import org.tiangong.analytics.losses.ReasonStore;
import org.tiangong.analytics.losses.StopClassifications;
import org.tiangong.analytics.losses.StopLog;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.rollup.CounterEvents;
import org.tiangong.analytics.rollup.RollupSums;
import org.tiangong.analytics.telemetry.CounterCeilings;
import org.tiangong.analytics.telemetry.StateSource;
import org.tiangong.analytics.telemetry.TelemetryQueries;
import org.tiangong.analytics.topology.IdealCycleTimes;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.analytics.topology.TopologyStore;
import org.tiangong.analytics.upgrade.IndicatorSnapshots;
import org.tiangong.analytics.upgrade.MonthlyFigureStore;
import org.tiangong.analytics.upgrade.ProjectStore;
import org.tiangong.analytics.upgrade.RegistryStore;
import org.tiangong.analytics.upgrade.UpgradeIndicators;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.ApiKeyService;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.oee.GroupScope;
import org.tiangong.api.topology.PlantService;
import org.tiangong.api.topology.TopologyService;

/**
 * The composition root of the API: every store and service is built here, once, from the database and the clock,
 * and handed to the routes by {@link ApiServer}. Nothing else constructs a store; a routes class receives what it
 * uses. Fields rather than getters: this is wiring, read once at start.
 */
public final class PlatformServices {

    /** The county's dates (upgrade programme, monthly figures) are local to China. */
    public static final ZoneId COUNTY_ZONE = ZoneId.of("Asia/Shanghai");

    /** How old the bureau's time-dependent figures (networked in the last 24 h, KPIs) may be before a refresh. */
    public static final java.time.Duration INDICATOR_SNAPSHOT_AGE = java.time.Duration.ofMinutes(1);

    public final DataSource dataSource;
    public final Clock clock;

    // accounts and access
    public final UserStore users;
    public final VendorStore vendors;
    public final ApiKeyStore apiKeyStore;
    public final ApiKeyService apiKeys;
    public final RevokedTokens revokedTokens;
    public final AuditLog auditLog;
    public final Audit audit;
    public final TenantScope scope;
    public final AccessPolicy access;

    // topology and telemetry
    public final PlantDirectory directory;
    public final TopologyService topology;
    public final TelemetryQueries telemetry;
    public final PlantService plants;
    public final GroupScope groups;

    // OEE, calendars, losses, Andon
    public final OeeService oee;
    public final LossService losses;
    public final CalendarStore calendars;
    public final ReasonStore reasons;
    public final StopLog stops;
    public final StopClassifications stopClassifications;
    public final StateSource states;
    public final AndonBoard andon;
    public final CounterEvents counterEvents;
    public final CounterCeilings counterCeilings;

    // OPC UA connect
    public final ConnectStore connectStore;
    public final EndpointTargetStore endpointTargets;

    // 智能化改造 upgrade
    public final UpgradeIndicators upgrade;
    public final IndicatorSnapshots upgradeSnapshots;
    public final ProjectStore projects;
    public final RegistryStore registries;
    public final MonthlyFigureStore monthlyFigures;

    public PlatformServices(Database database, Clock clock) {
        DataSource ds = database.dataSource();
        // heavy reads (series, OEE, the bureau's figures) may go to a replica (--db-read-url); the primary otherwise
        DataSource reads = database.readDataSource();
        this.dataSource = ds;
        this.clock = clock;

        users = new UserStore(ds);
        vendors = new VendorStore(ds);
        apiKeyStore = new ApiKeyStore(ds);
        apiKeys = new ApiKeyService(apiKeyStore, users, clock);
        revokedTokens = new RevokedTokens(ds);
        auditLog = new AuditLog(ds);
        audit = new Audit(auditLog);
        scope = new TenantScope(ds);
        access = new AccessPolicy(scope);

        directory = new PlantDirectory(ds);
        topology = new TopologyService(new TopologyStore(ds), new IdealCycleTimes(ds), directory, scope, access, audit);
        telemetry = new TelemetryQueries(reads, database.bucketing(), clock);
        plants = new PlantService(directory, telemetry, access);
        groups = new GroupScope(directory, access);

        RollupSums sums = new RollupSums(reads);
        calendars = new CalendarStore(ds);
        reasons = new ReasonStore(ds);
        stops = new StopLog(ds, clock);
        stopClassifications = new StopClassifications(ds);
        states = new StateSource(ds);
        oee = new OeeService(reads, clock, sums, calendars, new IdealCycleTimes(reads));
        losses = new LossService(calendars, states, new AlarmHistory(ds), reasons, stopClassifications, sums, clock);
        andon = new AndonBoard(ds, clock, oee, calendars, states);
        counterEvents = new CounterEvents(ds);
        counterCeilings = new CounterCeilings(ds);

        connectStore = new ConnectStore(ds);
        endpointTargets = new EndpointTargetStore(ds);

        upgrade = new UpgradeIndicators(reads, oee, clock, COUNTY_ZONE);
        upgradeSnapshots = new IndicatorSnapshots(upgrade, ds, clock, INDICATOR_SNAPSHOT_AGE);
        projects = new ProjectStore(ds);
        registries = new RegistryStore(ds);
        monthlyFigures = new MonthlyFigureStore(ds);
    }
}
