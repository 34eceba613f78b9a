package org.tiangong.api.upgrade;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.tiangong.analytics.upgrade.Project;
import org.tiangong.analytics.upgrade.UpgradeIndicators;
import org.tiangong.analytics.upgrade.UpgradeStatus;
import org.tiangong.api.http.ApiException;
import org.tiangong.api.http.Bodies;

/**
 * Applies a JSON body to a project: only the fields present change (an explicit null clears an optional field).
 * A status change must follow the lifecycle and stamps its date (actualStart, actualEnd, acceptedOn) with today
 * unless the body gives it.
 */
final class ProjectFields {

    private static final Set<String> KNOWN = Set.of(
            "name",
            "scope",
            "vendor",
            "investmentWan",
            "subsidyAppliedWan",
            "subsidyGrantedWan",
            "plannedStart",
            "plannedEnd",
            "actualStart",
            "actualEnd",
            "acceptedOn",
            "status",
            "baselineFrom",
            "baselineTo",
            "compareFrom",
            "compareTo");

    private ProjectFields() {}

    /** A new project of the enterprise before the body is applied: planned, nothing else set. */
    static Project draft(java.util.UUID enterpriseId) {
        return new Project(
                null,
                enterpriseId,
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
                null);
    }

    static Project apply(Project p, JsonObject b, LocalDate today) {
        for (String k : b.fieldNames())
            if (!KNOWN.contains(k)) throw ApiException.badRequest("unknown field '" + clip(k) + "'");
        String name = b.containsKey("name") ? Bodies.string(b, "name", 200) : p.name();
        UpgradeStatus status = p.status();
        if (b.containsKey("status")) {
            String key = Bodies.string(b, "status", 20);
            status = UpgradeStatus.fromKey(key)
                    .orElseThrow(() ->
                            ApiException.badRequest("status must be planned, in_progress, completed or accepted"));
            if (status != p.status() && !p.status().next().contains(status)) {
                throw ApiException.conflict("a project that is " + p.status().key() + " cannot become " + status.key()
                        + " (planned → in_progress → completed → accepted; completed may return to in_progress)");
            }
        }
        LocalDate actualStart = has(b, "actualStart") ? Fields.date(b, "actualStart") : p.actualStart();
        LocalDate actualEnd = has(b, "actualEnd") ? Fields.date(b, "actualEnd") : p.actualEnd();
        LocalDate acceptedOn = has(b, "acceptedOn") ? Fields.date(b, "acceptedOn") : p.acceptedOn();
        if (status != p.status()) {
            if (status == UpgradeStatus.IN_PROGRESS && actualStart == null) actualStart = today;
            if (status == UpgradeStatus.COMPLETED && actualEnd == null) actualEnd = today;
            if (status == UpgradeStatus.ACCEPTED && acceptedOn == null) acceptedOn = today;
            if (status == UpgradeStatus.IN_PROGRESS && p.status() == UpgradeStatus.COMPLETED && !has(b, "actualEnd"))
                actualEnd = null;
        }
        for (var d : new LocalDate[] {actualStart, actualEnd, acceptedOn}) {
            if (d != null && d.isAfter(today))
                throw ApiException.badRequest("actual dates and acceptance cannot lie in the future");
        }
        Project out = new Project(
                p.id(),
                p.enterpriseId(),
                name,
                has(b, "scope") ? Bodies.optionalString(b, "scope", 2000) : p.scope(),
                has(b, "vendor") ? Bodies.optionalString(b, "vendor", 200) : p.vendor(),
                has(b, "investmentWan") ? Fields.money(b, "investmentWan") : p.investmentWan(),
                has(b, "subsidyAppliedWan") ? Fields.money(b, "subsidyAppliedWan") : p.subsidyAppliedWan(),
                has(b, "subsidyGrantedWan") ? Fields.money(b, "subsidyGrantedWan") : p.subsidyGrantedWan(),
                has(b, "plannedStart") ? Fields.date(b, "plannedStart") : p.plannedStart(),
                has(b, "plannedEnd") ? Fields.date(b, "plannedEnd") : p.plannedEnd(),
                actualStart,
                actualEnd,
                acceptedOn,
                status,
                has(b, "baselineFrom") ? Fields.date(b, "baselineFrom") : p.baselineFrom(),
                has(b, "baselineTo") ? Fields.date(b, "baselineTo") : p.baselineTo(),
                has(b, "compareFrom") ? Fields.date(b, "compareFrom") : p.compareFrom(),
                has(b, "compareTo") ? Fields.date(b, "compareTo") : p.compareTo(),
                p.createdAt(),
                p.updatedAt());
        order(out.plannedStart(), out.plannedEnd(), "plannedStart", "plannedEnd");
        order(out.actualStart(), out.actualEnd(), "actualStart", "actualEnd");
        period(out.baselineFrom(), out.baselineTo(), "baseline");
        period(out.compareFrom(), out.compareTo(), "compare");
        if (out.status().done() && out.actualEnd() == null)
            throw ApiException.badRequest("a completed project needs actualEnd");
        return out;
    }

    private static boolean has(JsonObject b, String field) {
        return b.containsKey(field);
    }

    private static void order(LocalDate from, LocalDate to, String a, String b) {
        if (from != null && to != null && to.isBefore(from))
            throw ApiException.badRequest(b + " must not be before " + a);
    }

    private static void period(LocalDate from, LocalDate to, String name) {
        if ((from == null) != (to == null)) throw ApiException.badRequest(name + "From and " + name + "To go together");
        if (from == null) return;
        if (to.isBefore(from)) throw ApiException.badRequest(name + "To must not be before " + name + "From");
        if (ChronoUnit.DAYS.between(from, to) + 1 > UpgradeIndicators.MAX_PERIOD_DAYS) {
            throw ApiException.badRequest(
                    "the " + name + " period may span at most " + UpgradeIndicators.MAX_PERIOD_DAYS + " days");
        }
    }

    private static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
