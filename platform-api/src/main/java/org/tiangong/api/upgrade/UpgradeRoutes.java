package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.db.ConstraintViolation;
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
        api.get("/enterprises/:id/upgrade").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                requireRead(p, e);
                return upgrade(indicators.enterprise(e));
            });
        });
        api.get("/enterprises/:id/registry").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                requireRead(p, e);
                return UpgradeJson.registry(
                        registry.registry(e).orElseThrow(() -> ApiException.notFound("no such enterprise")));
            });
        });
        api.put("/enterprises/:id/registry").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            known(
                    body,
                    java.util.Set.of(
                            "name", "creditCode", "town", "segment", "aboveScale", "contactName", "contactPhone"));
            String name = Bodies.optionalString(body, "name", 200);
            if (name != null && name.isBlank()) throw ApiException.badRequest("name must not be empty");
            // the credit code is what the bureau files an enterprise under: required, and its check character must
            // match
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
                if (r.creditCode() != null
                        && registry.enterpriseWithCreditCode(r.creditCode())
                                .filter(x -> !x.equals(e))
                                .isPresent()) {
                    throw ApiException.conflict("another enterprise is registered with this credit code");
                }
                conflictOnDuplicate(
                        () -> registry.saveRegistry(r, p.userId()),
                        "another enterprise is registered with this credit code");
                audit.record(p, remote, "registry_changed", e.toString(), body);
                return UpgradeJson.registry(registry.registry(e).orElseThrow());
            });
        });

        api.get("/enterprises/:id/assets").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                requireRead(p, e);
                return new JsonArray(
                        registry.assets(e).stream().map(UpgradeJson::asset).toList());
            });
        });
        api.post("/enterprises/:id/assets").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            Asset a = asset(Bodies.object(ctx), null);
            String remote = Audit.remote(ctx);
            blocking.respondCreated(ctx, () -> {
                access.requireManageEnterprise(p, e);
                checkAsset(e, a);
                Asset saved = conflictOnDuplicate(
                        () -> registry.insertAsset(a), "the plant already has an asset with this code");
                audit.record(p, remote, "asset_added", e.toString(), UpgradeJson.asset(saved));
                return UpgradeJson.asset(saved);
            });
        });
        api.put("/enterprises/:id/assets/:assetId").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            UUID assetId = Params.uuid(ctx, "assetId");
            Asset a = asset(Bodies.object(ctx), assetId);
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireManageEnterprise(p, e);
                registry.asset(e, assetId).orElseThrow(() -> ApiException.notFound("no such asset"));
                checkAsset(e, a);
                conflictOnDuplicate(
                        () -> {
                            registry.updateAsset(a);
                            return null;
                        },
                        "the plant already has an asset with this code");
                audit.record(p, remote, "asset_changed", e.toString(), UpgradeJson.asset(a));
                return UpgradeJson.asset(registry.asset(e, assetId).orElseThrow());
            });
        });
        api.delete("/enterprises/:id/assets/:assetId").handler(ctx -> {
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
        });

        api.get("/enterprises/:id/projects").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                requireRead(p, e);
                JsonArray out = new JsonArray();
                for (Project x : projects.projects(e)) out.add(projectWithHistory(x));
                return out;
            });
        });
        api.post("/enterprises/:id/projects").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            JsonObject body = Bodies.object(ctx);
            Project draft = ProjectFields.apply(
                    new Project(
                            null,
                            e,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            UpgradeStatus.PLANNED,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null),
                    body,
                    today());
            if (draft.name() == null) throw ApiException.badRequest("name is required");
            if (draft.status() != UpgradeStatus.PLANNED)
                throw ApiException.badRequest("a new project starts as planned");
            String remote = Audit.remote(ctx);
            blocking.respondCreated(ctx, () -> {
                access.requireManageEnterprise(p, e);
                Project saved = projects.create(draft, p.userId(), p.username(), body.encode());
                audit.record(p, remote, "project_created", saved.id().toString(), body);
                return projectWithHistory(saved);
            });
        });
        api.patch("/enterprises/:id/projects/:projectId").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            UUID projectId = Params.uuid(ctx, "projectId");
            JsonObject body = Bodies.object(ctx);
            if (body.isEmpty()) throw ApiException.badRequest("nothing to change");
            String remote = Audit.remote(ctx);
            blocking.respond(ctx, () -> {
                access.requireManageEnterprise(p, e);
                Project before =
                        projects.project(e, projectId).orElseThrow(() -> ApiException.notFound("no such project"));
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
        });

        api.get("/enterprises/:id/monthly-figures").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            UUID e = Params.uuid(ctx, "id");
            blocking.respond(ctx, () -> {
                requireRead(p, e);
                return new JsonArray(
                        figures.figures(e).stream().map(UpgradeJson::figure).toList());
            });
        });
        api.post("/enterprises/:id/monthly-figures/import").handler(ctx -> {
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
                JsonArray months = new JsonArray(
                        parsed.stream().map(f -> f.month().toString()).toList());
                audit.record(
                        p, remote, "monthly_figures_imported", e.toString(), new JsonObject().put("months", months));
                return new JsonObject()
                        .put("imported", parsed.size())
                        .put("months", months)
                        .put(
                                "figures",
                                new JsonArray(figures.figures(e).stream()
                                        .map(UpgradeJson::figure)
                                        .toList()));
            });
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

    private JsonObject upgrade(EnterpriseIndicators ind) throws Exception {
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

    private static Asset asset(JsonObject body, UUID id) {
        known(
                body,
                java.util.Set.of(
                        "plantId",
                        "code",
                        "name",
                        "kind",
                        "production",
                        "numericalControl",
                        "keyProcess",
                        "commissionedYear",
                        "machineId"));
        UUID plant = Bodies.uuid(body, "plantId");
        String code = Bodies.string(body, "code", 64);
        String name = Bodies.string(body, "name", 200);
        String kind = Bodies.string(body, "kind", 100);
        if (body.getValue("numericalControl") == null || body.getValue("keyProcess") == null) {
            throw ApiException.badRequest("numericalControl and keyProcess are required (true or false)");
        }
        return new Asset(
                id,
                plant,
                code,
                name,
                kind,
                Fields.bool(body, "production", true),
                Fields.bool(body, "numericalControl", false),
                Fields.bool(body, "keyProcess", false),
                Fields.wholeNumber(body, "commissionedYear", 1950, 2200),
                Bodies.optionalUuid(body, "machineId"));
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

    private static void known(JsonObject body, java.util.Set<String> fields) {
        for (String k : body.fieldNames()) {
            if (!fields.contains(k))
                throw ApiException.badRequest("unknown field '"
                        + (k.length() > 40 ? k.substring(0, 40) : k).replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    @FunctionalInterface
    private interface Write<T> {
        T run() throws SQLException;
    }

    private static <T> T conflictOnDuplicate(Write<T> write, String message) throws SQLException {
        try {
            return write.run();
        } catch (SQLException ex) {
            if (ConstraintViolation.is(ex, ConstraintViolation.Kind.DUPLICATE_KEY))
                throw ApiException.conflict(message);
            throw ex;
        }
    }

    private static void conflictOnDuplicate(SqlRunnable write, String message) throws SQLException {
        conflictOnDuplicate(
                () -> {
                    write.run();
                    return null;
                },
                message);
    }

    @FunctionalInterface
    private interface SqlRunnable {
        void run() throws SQLException;
    }
}
