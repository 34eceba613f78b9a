package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.analytics.upgrade.Asset;
import org.tiangong.analytics.upgrade.CreditCode;
import org.tiangong.analytics.upgrade.EnterpriseIndicators;
import org.tiangong.analytics.upgrade.MonthlyFigure;
import org.tiangong.analytics.upgrade.MonthlyFigureStore;
import org.tiangong.analytics.upgrade.Project;
import org.tiangong.analytics.upgrade.ProjectStore;
import org.tiangong.analytics.upgrade.Registry;
import org.tiangong.analytics.upgrade.RegistryStore;
import org.tiangong.analytics.upgrade.Stage;
import org.tiangong.analytics.upgrade.UpgradeIndicators;
import org.tiangong.analytics.upgrade.UpgradeStatus;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;
import org.tiangong.api.http.Params;

/**
 * An enterprise's upgrade data: its registry entry, equipment ledger, upgrade projects (with their history), monthly
 * figures (uploaded as CSV or XLSX) and the indicators computed from them. Read by admins, the bureau and the
 * enterprise's own plant manager (a vendor that can see the enterprise gets 403); changed by admins and the plant
 * manager (the bureau gets 403). Every change is audited.
 */
public final class UpgradeRoutes {

    private static final Set<String> REGISTRY_FIELDS =
            Set.of("name", "creditCode", "town", "segment", "aboveScale", "contactName", "contactPhone");
    private static final String ASSET_TAKEN = "the plant already has an asset with this code";

    private final RegistryStore registry;
    private final ProjectStore projects;
    private final MonthlyFigureStore figures;
    private final UpgradeIndicators indicators;
    private final TenantScope scope;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;
    private final Clock clock;

    public UpgradeRoutes(
            RegistryStore registry,
            ProjectStore projects,
            MonthlyFigureStore figures,
            UpgradeIndicators indicators,
            TenantScope scope,
            AccessPolicy access,
            Audit audit,
            Blocking blocking,
            Clock clock) {
        this.registry = registry;
        this.projects = projects;
        this.figures = figures;
        this.indicators = indicators;
        this.scope = scope;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/enterprises/:id/upgrade").handler(this::upgrade);
        api.get("/enterprises/:id/registry").handler(this::registry);
        api.put("/enterprises/:id/registry").handler(this::saveRegistry);
        api.get("/enterprises/:id/assets").handler(this::assets);
        api.post("/enterprises/:id/assets").handler(this::addAsset);
        api.put("/enterprises/:id/assets/:assetId").handler(this::changeAsset);
        api.delete("/enterprises/:id/assets/:assetId").handler(this::removeAsset);
        api.get("/enterprises/:id/projects").handler(this::projects);
        api.post("/enterprises/:id/projects").handler(this::createProject);
        api.patch("/enterprises/:id/projects/:projectId").handler(this::changeProject);
        api.get("/enterprises/:id/monthly-figures").handler(this::figures);
        api.post("/enterprises/:id/monthly-figures/import").handler(this::importFigures);
    }

    private void upgrade(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireRead(p, e);
            return upgradeJson(indicators.enterprise(e));
        });
    }

    private void registry(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireRead(p, e);
            return UpgradeJson.registry(
                    registry.registry(e).orElseThrow(() -> ApiException.notFound("no such enterprise")));
        });
    }

    private void saveRegistry(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        AssetFields.known(body, REGISTRY_FIELDS);
        String name = Bodies.optionalString(body, "name", 200);
        if (name != null && name.isBlank()) throw ApiException.badRequest("name must not be empty");
        // the credit code is what the bureau files an enterprise under: required, and its check character must match
        String code = Bodies.string(body, "creditCode", 18).toUpperCase(Locale.ROOT);
        String problem = CreditCode.problem(code).orElse(null);
        if (problem != null) throw ApiException.badRequest("creditCode: " + problem);
        Registry r = new Registry(
                e,
                null,
                name,
                code,
                Bodies.optionalString(body, "town", 100),
                Bodies.optionalString(body, "segment", 100),
                Fields.bool(body, "aboveScale", false),
                Bodies.optionalString(body, "contactName", 100),
                Bodies.optionalString(body, "contactPhone", 40),
                null);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireManageEnterprise(p, e);
            String taken = "another enterprise is registered with this credit code";
            if (registry.enterpriseWithCreditCode(r.creditCode())
                    .filter(x -> !x.equals(e))
                    .isPresent()) throw ApiException.conflict(taken);
            AssetFields.conflictOnDuplicate(
                    () -> {
                        registry.saveRegistry(r, p.userId());
                        return null;
                    },
                    taken);
            audit.record(p, remote, "registry_changed", e.toString(), body);
            return UpgradeJson.registry(registry.registry(e).orElseThrow());
        });
    }

    private void assets(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireRead(p, e);
            return new JsonArray(
                    registry.assets(e).stream().map(UpgradeJson::asset).toList());
        });
    }

    private void addAsset(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        Asset a = AssetFields.asset(Bodies.object(ctx), null);
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> {
            access.requireManageEnterprise(p, e);
            checkAsset(e, a);
            Asset saved = AssetFields.conflictOnDuplicate(() -> registry.insertAsset(a), ASSET_TAKEN);
            audit.record(p, remote, "asset_added", e.toString(), UpgradeJson.asset(saved));
            return UpgradeJson.asset(saved);
        });
    }

    private void changeAsset(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        UUID assetId = Params.uuid(ctx, "assetId");
        Asset a = AssetFields.asset(Bodies.object(ctx), assetId);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireManageEnterprise(p, e);
            registry.asset(e, assetId).orElseThrow(() -> ApiException.notFound("no such asset"));
            checkAsset(e, a);
            AssetFields.conflictOnDuplicate(
                    () -> {
                        registry.updateAsset(a);
                        return null;
                    },
                    ASSET_TAKEN);
            audit.record(p, remote, "asset_changed", e.toString(), UpgradeJson.asset(a));
            return UpgradeJson.asset(registry.asset(e, assetId).orElseThrow());
        });
    }

    private void removeAsset(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        UUID assetId = Params.uuid(ctx, "assetId");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireManageEnterprise(p, e);
            if (!registry.deleteAsset(e, assetId)) throw ApiException.notFound("no such asset");
            audit.record(p, remote, "asset_removed", e.toString(), new JsonObject().put("id", assetId.toString()));
            return new JsonObject().put("deleted", true);
        });
    }

    private void projects(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireRead(p, e);
            JsonArray out = new JsonArray();
            for (Project x : projects.projects(e)) out.add(projectWithHistory(x));
            return out;
        });
    }

    private void createProject(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        JsonObject body = Bodies.object(ctx);
        Project draft = ProjectFields.apply(ProjectFields.draft(e), body, today());
        if (draft.name() == null) throw ApiException.badRequest("name is required");
        if (draft.status() != UpgradeStatus.PLANNED) throw ApiException.badRequest("a new project starts as planned");
        String remote = Audit.remote(ctx);
        blocking.respondCreated(ctx, () -> {
            access.requireManageEnterprise(p, e);
            Project saved = projects.create(draft, p.userId(), p.username(), body.encode());
            audit.record(p, remote, "project_created", saved.id().toString(), body);
            return projectWithHistory(saved);
        });
    }

    private void changeProject(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        UUID projectId = Params.uuid(ctx, "projectId");
        JsonObject body = Bodies.object(ctx);
        if (body.isEmpty()) throw ApiException.badRequest("nothing to change");
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireManageEnterprise(p, e);
            Project before = projects.project(e, projectId).orElseThrow(() -> ApiException.notFound("no such project"));
            Project after = ProjectFields.apply(before, body, today());
            Project saved = projects.update(before, after, p.userId(), p.username(), body.encode());
            audit.record(
                    p,
                    remote,
                    before.status() == after.status() ? "project_changed" : "project_status_changed",
                    projectId.toString(),
                    body.copy()
                            .put("fromStatus", before.status().key())
                            .put("toStatus", after.status().key()));
            return projectWithHistory(saved);
        });
    }

    private void figures(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        blocking.respond(ctx, () -> {
            requireRead(p, e);
            return new JsonArray(
                    figures.figures(e).stream().map(UpgradeJson::figure).toList());
        });
    }

    private void importFigures(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        UUID e = Params.uuid(ctx, "id");
        byte[] file = ctx.body() == null || ctx.body().buffer() == null
                ? new byte[0]
                : ctx.body().buffer().getBytes();
        String remote = Audit.remote(ctx);
        YearMonth current = YearMonth.from(today());
        blocking.respond(ctx, () -> {
            // who may import is checked before the file is read: an outsider learns nothing from parse errors
            access.requireManageEnterprise(p, e);
            List<MonthlyFigure> parsed = MonthlyFigureImport.parse(file, current);
            figures.upsert(e, parsed, p.userId());
            JsonArray months =
                    new JsonArray(parsed.stream().map(f -> f.month().toString()).toList());
            audit.record(p, remote, "monthly_figures_imported", e.toString(), new JsonObject().put("months", months));
            return new JsonObject()
                    .put("imported", parsed.size())
                    .put("months", months)
                    .put(
                            "figures",
                            new JsonArray(figures.figures(e).stream()
                                    .map(UpgradeJson::figure)
                                    .toList()));
        });
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(indicators.zone()));
    }

    /** Admins, the bureau and the enterprise's plant manager read upgrade data; a vendor that sees the enterprise may not. */
    private void requireRead(Principal p, UUID enterpriseId) throws SQLException {
        access.requireEnterprise(p, enterpriseId);
        access.requireRole(p, Role.ADMIN, Role.BUREAU, Role.PLANT_MANAGER);
    }

    private JsonObject projectWithHistory(Project x) throws SQLException {
        return UpgradeJson.project(x)
                .put(
                        "history",
                        new JsonArray(projects.events(x.id()).stream()
                                .map(UpgradeJson::event)
                                .toList()));
    }

    private JsonObject upgradeJson(EnterpriseIndicators ind) throws Exception {
        JsonArray list = new JsonArray();
        for (Project x : ind.allProjects()) {
            list.add(projectWithHistory(x).put("beforeAfter", UpgradeJson.beforeAfter(indicators.beforeAfter(x))));
        }
        Stage stage = ind.stage();
        return new JsonObject()
                .put("enterprise", UpgradeJson.registry(ind.registry()))
                .put("stage", stage.key())
                .put("stageLabel", stage.label())
                .put("indicators", UpgradeJson.ledger(ind.ledger()))
                .put("investmentWan", ind.investmentWan().doubleValue())
                .put("subsidyAppliedWan", ind.subsidyAppliedWan().doubleValue())
                .put("subsidyGrantedWan", ind.subsidyGrantedWan().doubleValue())
                .put(
                        "headlineProjectId",
                        ind.headline() == null ? null : ind.headline().id().toString())
                .put("projects", list);
    }

    /** The plant and the machine must belong to the enterprise; a machine is in at most one ledger line. */
    private void checkAsset(UUID enterpriseId, Asset a) throws SQLException {
        if (!scope.enterpriseOfPlant(a.plantId()).map(enterpriseId::equals).orElse(false)) {
            throw ApiException.badRequest("plantId is not a plant of this enterprise");
        }
        if (a.machineId() != null) {
            if (!registry.enterpriseOfMachine(a.machineId())
                    .map(enterpriseId::equals)
                    .orElse(false)) {
                throw ApiException.badRequest("machineId is not a machine of this enterprise");
            }
            var holder = registry.assetOfMachine(a.machineId());
            if (holder.isPresent() && !holder.get().equals(a.id())) {
                throw ApiException.conflict("another ledger asset is already linked to this machine");
            }
        }
    }
}
