package org.tiangong.api.upgrade;

import io.vertx.ext.web.Router;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.upgrade.MonthlyFigureStore;
import org.tiangong.analytics.upgrade.ProjectStore;
import org.tiangong.analytics.upgrade.RegistryStore;
import org.tiangong.analytics.upgrade.UpgradeIndicators;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.upgrade.UpgradeRoutes;
import org.tiangong.api.http.Blocking;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.ZoneId;

/** Wires the upgrade stores and routes (one line in {@code ApiServer}). The county's dates are local to China. */
public final class UpgradeMount {

    public static final ZoneId COUNTY_ZONE = ZoneId.of("Asia/Shanghai");

    private UpgradeMount() {}

    public static void mount(Router api, DataSource ds, OeeService oee, TenantScope scope, AccessPolicy access, Audit audit,
                             Blocking blocking, Clock clock) {
        UpgradeIndicators indicators = new UpgradeIndicators(ds, oee, clock, COUNTY_ZONE);
        ProjectStore projects = new ProjectStore(ds);
        new BureauRoutes(indicators, projects, access, audit, blocking).mount(api);
        new UpgradeRoutes(new RegistryStore(ds), projects, new MonthlyFigureStore(ds), indicators, scope, access, audit, blocking, clock)
                .mount(api);
    }
}
