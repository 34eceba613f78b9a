package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.upgrade.AreaTotals;
import org.tiangong.analytics.upgrade.CountyOverview;
import org.tiangong.analytics.upgrade.EnterpriseIndicators;
import org.tiangong.analytics.upgrade.IndicatorSnapshots;
import org.tiangong.analytics.upgrade.Programme;
import org.tiangong.analytics.upgrade.ProjectStore;
import org.tiangong.analytics.upgrade.Stage;
import org.tiangong.analytics.upgrade.UpgradeIndicators;
import org.tiangong.api.accounts.AccessPolicy;
import org.tiangong.api.accounts.Audit;
import org.tiangong.api.accounts.AuthHandler;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Blocking;
import org.tiangong.api.http.Bodies;

/**
 * The county economic bureau's views (经信局): the overview by town, the ranking of enterprises with every indicator,
 * their CSV and XLSX exports, and the programme. Read by the bureau and admins; the programme is set by admins.
 */
public final class BureauRoutes {

    private static final int MAX_FILTER_LENGTH = 300;

    private final UpgradeIndicators indicators;
    private final IndicatorSnapshots snapshots;
    private final ProjectStore projects;
    private final AccessPolicy access;
    private final Audit audit;
    private final Blocking blocking;

    public BureauRoutes(
            UpgradeIndicators indicators,
            IndicatorSnapshots snapshots,
            ProjectStore projects,
            AccessPolicy access,
            Audit audit,
            Blocking blocking) {
        this.indicators = indicators;
        this.snapshots = snapshots;
        this.projects = projects;
        this.access = access;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void mount(Router api) {
        api.get("/bureau/overview").handler(this::overview);
        api.get("/bureau/overview/export").handler(this::overviewExport);
        api.get("/bureau/enterprises").handler(this::enterprises);
        api.get("/bureau/enterprises/export").handler(this::enterprisesExport);
        api.get("/bureau/programme").handler(this::programme);
        api.put("/bureau/programme").handler(this::setProgramme);
    }

    private void overview(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.BUREAU);
            CountyOverview o = snapshots.current().overview();
            return new JsonObject()
                    .put("at", o.at().toString())
                    .put("county", area(o.county()))
                    .put(
                            "towns",
                            new JsonArray(
                                    o.towns().stream().map(BureauRoutes::area).toList()))
                    .put("programme", UpgradeJson.programme(o.programme()));
        });
    }

    private void overviewExport(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        String format = format(ctx);
        download(ctx, format, "县域智能化改造概览-overview", () -> {
            access.requireRole(p, Role.ADMIN, Role.BUREAU);
            CountyOverview o = snapshots.current().overview();
            List<AreaTotals> rows = new ArrayList<>();
            rows.add(o.county());
            rows.addAll(o.towns());
            return export(UpgradeJson.OVERVIEW, rows, format);
        });
    }

    private void enterprises(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        Comparator<EnterpriseIndicators> sort = sort(ctx);
        Predicate<EnterpriseIndicators> filter = filter(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.BUREAU);
            return UpgradeJson.RANKING.json(ranking(sort, filter));
        });
    }

    private void enterprisesExport(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        Comparator<EnterpriseIndicators> sort = sort(ctx);
        Predicate<EnterpriseIndicators> filter = filter(ctx);
        String format = format(ctx);
        download(ctx, format, "企业智能化改造排名-ranking", () -> {
            access.requireRole(p, Role.ADMIN, Role.BUREAU);
            return export(UpgradeJson.RANKING, ranking(sort, filter), format);
        });
    }

    private void programme(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN, Role.BUREAU, Role.PLANT_MANAGER);
            return programmeJson();
        });
    }

    private void setProgramme(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        JsonObject body = Bodies.object(ctx);
        String remote = Audit.remote(ctx);
        blocking.respond(ctx, () -> {
            access.requireRole(p, Role.ADMIN);
            Programme programme = programmeFrom(body);
            projects.saveProgramme(programme);
            audit.record(p, remote, "programme_set", "programme", body);
            return programmeJson();
        });
    }

    private List<EnterpriseIndicators> ranking(
            Comparator<EnterpriseIndicators> sort, Predicate<EnterpriseIndicators> filter) throws Exception {
        List<EnterpriseIndicators> rows = new ArrayList<>(
                snapshots.current().enterprises().stream().filter(filter).toList());
        rows.sort(sort);
        return rows;
    }

    private JsonObject programmeJson() throws Exception {
        var programme = projects.programme().orElse(null);
        if (programme == null) return new JsonObject().put("status", "no_programme");
        JsonArray targets = new JsonArray();
        programme
                .targets()
                .forEach(t -> targets.add(new JsonObject()
                        .put("year", t.year())
                        .put("targetShare", t.share().doubleValue())));
        return new JsonObject()
                .put("status", "ok")
                .put("name", programme.name())
                .put("start", programme.start().toString())
                .put("end", programme.end().toString())
                .put("targets", targets);
    }

    private static Programme programmeFrom(JsonObject body) {
        String name = Bodies.string(body, "name", 200);
        LocalDate start = date(body, "start"), end = date(body, "end");
        if (!end.isAfter(start)) throw ApiException.badRequest("end must be after start");
        if (end.getYear() - start.getYear() > 10)
            throw ApiException.badRequest("a programme may span at most ten years");
        if (!(body.getValue("targets") instanceof JsonArray a) || a.size() > 11) {
            throw ApiException.badRequest("targets must be an array of at most 11 {year, targetShare}");
        }
        List<Programme.Target> targets = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof JsonObject t))
                throw ApiException.badRequest("targets[" + i + "] must be an object");
            if (!(t.getValue("year") instanceof Integer year) || year < start.getYear() || year > end.getYear()) {
                throw ApiException.badRequest("targets[" + i + "].year must be a year of the programme");
            }
            if (!(t.getValue("targetShare") instanceof Number share)
                    || !(share.doubleValue() >= 0 && share.doubleValue() <= 1)) {
                throw ApiException.badRequest("targets[" + i + "].targetShare must be a share from 0 to 1");
            }
            if (targets.stream().anyMatch(x -> x.year() == year))
                throw ApiException.badRequest("targets: year " + year + " twice");
            targets.add(new Programme.Target(
                    year, BigDecimal.valueOf(share.doubleValue()).setScale(4, java.math.RoundingMode.HALF_UP)));
        }
        return new Programme(name, start, end, targets);
    }

    private static LocalDate date(JsonObject body, String field) {
        if (body.getValue(field) instanceof String s && s.length() == 10) {
            try {
                LocalDate d = LocalDate.parse(s);
                if (d.getYear() >= 2000 && d.getYear() <= 2200) return d;
            } catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        throw ApiException.badRequest(field + " must be a date like 2025-01-01");
    }

    private static JsonObject area(AreaTotals a) {
        JsonObject o = UpgradeJson.OVERVIEW.json(a);
        JsonObject stages = new JsonObject();
        for (Stage s : Stage.values()) stages.put(s.key(), a.stages().get(s));
        return o.put("town", a.town()).put("stages", stages).put("done", a.done());
    }

    /** {@code sort=networkedRate} (ascending) or {@code sort=-networkedRate} (descending); nulls ("no data") last. */
    private static Comparator<EnterpriseIndicators> sort(RoutingContext ctx) {
        String given = ctx.queryParams().get("sort");
        String raw = given == null || given.isEmpty() ? "code" : given;
        boolean descending = raw.startsWith("-");
        String key = descending ? raw.substring(1) : raw;
        Table.Column<EnterpriseIndicators> column = UpgradeJson.RANKING.columns().stream()
                .filter(c -> c.key().equals(key))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(
                        "sort must be a column key such as networkedRate or -oeeChange, got '" + clip(raw) + "'"));
        Comparator<Object> values = (x, y) -> compare(x, y, descending);
        return Comparator.comparing((EnterpriseIndicators e) -> column.value().apply(e), Comparator.nullsLast(values))
                .thenComparing(e -> e.registry().code());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y, boolean descending) {
        int c;
        if (x instanceof Number a && y instanceof Number b) c = Double.compare(a.doubleValue(), b.doubleValue());
        else if (x instanceof Comparable a && x.getClass() == y.getClass()) c = a.compareTo(y);
        else c = x.toString().compareTo(y.toString());
        return descending ? -c : c;
    }

    /**
     * {@code filter=town:城关镇,stage:completed,aboveScale:true,segment:紧固件,q:精恒}; all conditions must hold. Stage takes
     * several values separated by {@code |}.
     */
    private static Predicate<EnterpriseIndicators> filter(RoutingContext ctx) {
        String raw = ctx.queryParams().get("filter");
        Predicate<EnterpriseIndicators> all = e -> true;
        if (raw == null || raw.isBlank()) return all;
        if (raw.length() > MAX_FILTER_LENGTH)
            throw ApiException.badRequest("filter may have at most " + MAX_FILTER_LENGTH + " characters");
        for (String part : raw.split(",")) {
            int colon = part.indexOf(':');
            if (colon <= 0)
                throw ApiException.badRequest(
                        "filter must be key:value pairs separated by commas, e.g. town:城关镇,stage:completed");
            String key = part.substring(0, colon).trim();
            String value = part.substring(colon + 1).trim();
            Predicate<EnterpriseIndicators> p = switch (key) {
                case "town" -> e -> value.equals(e.registry().town());
                case "segment" -> e -> value.equals(e.registry().segment());
                case "aboveScale" -> {
                    if (!value.equals("true") && !value.equals("false"))
                        throw ApiException.badRequest("filter aboveScale must be true or false");
                    boolean b = Boolean.parseBoolean(value);
                    yield e -> e.registry().aboveScale() == b;
                }
                case "stage" -> {
                    List<Stage> stages = new ArrayList<>();
                    for (String s : value.split("\\|")) {
                        stages.add(Stage.fromKey(s)
                                .orElseThrow(() -> ApiException.badRequest(
                                        "filter stage must be not_started, planned, in_progress, completed or accepted, got '"
                                                + clip(s) + "'")));
                    }
                    yield e -> stages.contains(e.stage());
                }
                case "q" -> {
                    String q = value.toLowerCase(Locale.ROOT);
                    yield e -> e.registry().name().toLowerCase(Locale.ROOT).contains(q)
                            || e.registry().code().toLowerCase(Locale.ROOT).contains(q)
                            || (e.registry().creditCode() != null
                                    && e.registry().creditCode().contains(value.toUpperCase(Locale.ROOT)));
                }
                default ->
                    throw ApiException.badRequest(
                            "filter keys are town, segment, aboveScale, stage and q, got '" + clip(key) + "'");
            };
            all = all.and(p);
        }
        return all;
    }

    private static String format(RoutingContext ctx) {
        String f = ctx.queryParams().get("format");
        if (f == null || f.isEmpty()) return "xlsx";
        if (f.equals("csv") || f.equals("xlsx")) return f;
        throw ApiException.badRequest("format must be csv or xlsx");
    }

    private static <T> byte[] export(Table<T> table, List<T> rows, String format) {
        return format.equals("csv") ? TableExport.csv(table, rows) : TableExport.xlsx(table, rows);
    }

    /** Runs the export on a worker and sends it as a download; failures go to the JSON error handler. */
    private void download(
            RoutingContext ctx, String format, String baseName, java.util.concurrent.Callable<byte[]> work) {
        blocking.run(work).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            String name = baseName + "-" + LocalDate.now(indicators.zone()) + "." + format;
            String ascii = name.replaceAll("[^A-Za-z0-9._-]", "");
            ctx.response()
                    .setStatusCode(200)
                    .putHeader("content-type", format.equals("csv") ? TableExport.CSV_TYPE : TableExport.XLSX_TYPE)
                    .putHeader(
                            "content-disposition",
                            "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                                    + URLEncoder.encode(name, StandardCharsets.UTF_8)
                                            .replace("+", "%20"))
                    .end(io.vertx.core.buffer.Buffer.buffer(ar.result()));
        });
    }

    private static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
