package org.tiangong.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.TestPlatform;

/**
 * Every role walks every endpoint with an id of its own tenant and of a foreign tenant. What a role may not see
 * answers 404 (as if it did not exist), what it may see but not do answers 403, and no foreign tenant's ids or
 * names appear in any body.
 */
class TenantIsolationTest {

    static TestPlatform platform;
    static UUID otherVendor;
    static final AtomicInteger counter = new AtomicInteger();
    static final java.util.Map<String, UUID> endpoints = new java.util.HashMap<>();
    // h2-onboarding: a second line per tenant that the sweep may add machines to, so L1 keeps its two machines
    static final java.util.Map<String, UUID> sweepLines = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        otherVendor =
                new VendorStore(platform.db.dataSource()).ensure("Vendor Y").id();
        // one OPC UA endpoint per tenant: ACME's created by the vendor, RIVAL's by its manager; nothing listens there
        var store = new org.tiangong.analytics.connect.ConnectStore(platform.db.dataSource());
        for (TestPlatform.Tenant t : List.of(platform.acme, platform.rival)) {
            UUID vendor = t == platform.acme ? platform.vendorOrgId : null;
            endpoints.put(
                    t.code(),
                    store.createEndpoint(
                                    new org.tiangong.analytics.connect.OpcEndpoint(
                                            org.tiangong.analytics.connect.ConnectStore.newEndpointId(),
                                            t.enterpriseId(),
                                            vendor,
                                            "line " + t.code(),
                                            "opc.tcp://127.0.0.1:1/nothing",
                                            "None",
                                            "None",
                                            "anonymous",
                                            null,
                                            null,
                                            false,
                                            null,
                                            null),
                                    null)
                            .id());
            // h1-hardening: endpoints may point only at targets on the enterprise's allow-list
            new org.tiangong.analytics.connect.EndpointTargetStore(platform.db.dataSource())
                    .replace(t.enterpriseId(), List.of("127.0.0.1"), null);
        }
        var topology = new org.tiangong.analytics.topology.TopologyStore(platform.db.dataSource());
        for (TestPlatform.Tenant t : List.of(platform.acme, platform.rival)) {
            sweepLines.put(
                    t.code(),
                    topology.createLine(t.plantId(), "L-SWEEP", "扫描线 sweep").id());
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** One request: who, what, on whose object, and the expected status. */
    record Case(
            String user,
            HttpMethod method,
            String template,
            String tenant,
            int expected,
            Function<TestPlatform.Tenant, JsonObject> body) {
        @Override
        public String toString() {
            return user + " " + method + " " + template + " on " + tenant + " -> " + expected;
        }
    }

    static final String ADMIN = "admin", BUREAU = "bureau", MANAGER = "acme-manager", VENDOR = "vendor";

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Reads of the plant hierarchy and telemetry: {e}, {p}, {l}, {m} are the tenant's enterprise, plant, line, CNC.
        List<String> reads = List.of(
                "/api/v1/enterprises/{e}/plants",
                "/api/v1/plants/{p}/lines",
                "/api/v1/lines/{l}/machines",
                "/api/v1/machines/{m}",
                "/api/v1/machines/{m}/signals/state/series",
                "/api/v1/machines/{m}/utilization",
                "/api/v1/machines/{m}/counter-events",
                "/api/v1/machines/{m}/oee",
                "/api/v1/lines/{l}/oee",
                "/api/v1/plants/{p}/oee",
                "/api/v1/enterprises/{e}/oee",
                "/api/v1/machines/{m}/downtime",
                "/api/v1/lines/{l}/downtime",
                "/api/v1/plants/{p}/energy",
                "/api/v1/enterprises/{e}/energy",
                "/api/v1/machines/{m}/energy",
                "/api/v1/enterprises/{e}/downtime",
                "/api/v1/lines/{l}/status",
                "/api/v1/plants/{p}/calendar",
                "/api/v1/lines/{l}/calendar",
                "/api/v1/machines/{m}/calendar");
        for (String r : reads) {
            c.add(get(ADMIN, r, "own", 200));
            c.add(get(ADMIN, r, "foreign", 200));
            c.add(get(BUREAU, r, "own", 200));
            c.add(get(BUREAU, r, "foreign", 200));
            c.add(get(MANAGER, r, "own", 200));
            c.add(get(MANAGER, r, "foreign", 404));
            c.add(get(VENDOR, r, "own", 200)); // the vendor's "own" is ACME, where it holds a grant on the CNC
            c.add(get(VENDOR, r, "foreign", 404));
        }
        // h3-web: a machine's stops, classifying one, the live board stream (the own board streams without end: not
        // here)
        for (String[] who : new String[][] {
            {ADMIN, "own", "200"},
            {ADMIN, "foreign", "200"},
            {BUREAU, "foreign", "200"},
            {MANAGER, "own", "200"},
            {MANAGER, "foreign", "404"},
            {VENDOR, "own", "200"},
            {VENDOR, "foreign", "404"}
        }) {
            c.add(get(who[0], "/api/v1/machines/{m}/stops", who[1], Integer.parseInt(who[2])));
            c.add(get(who[0], "/api/v1/machines/{m}/state-intervals", who[1], Integer.parseInt(who[2])));
        }
        Function<TestPlatform.Tenant, JsonObject> stopReason = t -> new JsonObject().put("code", 9001);
        c.add(new Case(
                MANAGER,
                HttpMethod.PUT,
                "/api/v1/machines/{m}/stops/2026-01-01T00:00:00Z/reason",
                "foreign",
                404,
                stopReason));
        c.add(new Case(
                BUREAU,
                HttpMethod.PUT,
                "/api/v1/machines/{m}/stops/2026-01-01T00:00:00Z/reason",
                "own",
                403,
                stopReason));
        c.add(new Case(
                VENDOR,
                HttpMethod.PUT,
                "/api/v1/machines/{m}/stops/2026-01-01T00:00:00Z/reason",
                "own",
                403,
                stopReason));
        c.add(new Case(
                VENDOR,
                HttpMethod.PUT,
                "/api/v1/machines/{m}/stops/2026-01-01T00:00:00Z/reason",
                "foreign",
                404,
                stopReason));
        c.add(get(MANAGER, "/api/v1/lines/{l}/board/stream", "foreign", 404));
        c.add(get(VENDOR, "/api/v1/lines/{l}/board/stream", "foreign", 404));
        // The press of ACME is not granted to the vendor: it does not exist for it.
        for (String r : List.of(
                "/api/v1/machines/{press}",
                "/api/v1/machines/{press}/utilization",
                "/api/v1/machines/{press}/counter-events",
                "/api/v1/machines/{press}/oee",
                "/api/v1/machines/{press}/signals/press_force/series")) {
            c.add(get(VENDOR, r, "own", 404));
            c.add(get(MANAGER, r, "own", 200));
            c.add(get(MANAGER, r, "foreign", 404));
        }
        // Lists without ids.
        for (String u : List.of(ADMIN, BUREAU, MANAGER, VENDOR)) {
            c.add(get(u, "/api/v1/enterprises", "own", 200));
            c.add(get(u, "/api/v1/auth/me", "own", 200));
            c.add(get(u, "/api/v1/api-keys", "own", 200));
        }
        // Administration.
        for (String path : List.of("/api/v1/users", "/api/v1/audit")) {
            c.add(get(ADMIN, path, "own", 200));
            c.add(get(BUREAU, path, "own", 403));
            c.add(get(MANAGER, path, "own", 403));
            c.add(get(VENDOR, path, "own", 403));
        }
        c.add(get(ADMIN, "/api/v1/vendors", "own", 200));
        c.add(get(MANAGER, "/api/v1/vendors", "own", 200));
        c.add(get(BUREAU, "/api/v1/vendors", "own", 403));
        c.add(get(VENDOR, "/api/v1/vendors", "own", 403));
        // Grants: managing an enterprise.
        c.add(get(ADMIN, "/api/v1/enterprises/{e}/grants", "foreign", 200));
        c.add(get(MANAGER, "/api/v1/enterprises/{e}/grants", "own", 200));
        c.add(get(MANAGER, "/api/v1/enterprises/{e}/grants", "foreign", 404));
        c.add(get(BUREAU, "/api/v1/enterprises/{e}/grants", "own", 403));
        c.add(get(VENDOR, "/api/v1/enterprises/{e}/grants", "own", 403));
        c.add(get(VENDOR, "/api/v1/enterprises/{e}/grants", "foreign", 404));
        Function<TestPlatform.Tenant, JsonObject> grantBody = t -> new JsonObject()
                .put("vendorId", otherVendor.toString())
                .put("machineId", t.pressId().toString());
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "foreign", 200, grantBody));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "own", 200, grantBody));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "foreign", 404, grantBody));
        c.add(new Case(BUREAU, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "own", 403, grantBody));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "own", 403, grantBody));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/enterprises/{e}/grants", "foreign", 404, grantBody));
        // A manager cannot grant a foreign machine through its own enterprise's path.
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{own-e}/grants", "foreign", 404, grantBody));
        // Calendars: read by whoever sees the plant, changed by its enterprise's manager and admins.
        Function<TestPlatform.Tenant, JsonObject> calendar = t -> new JsonObject()
                .put(
                        "shifts",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject()
                                        .put("name", "白班 day")
                                        .put("start", "08:00")
                                        .put("end", "20:00"))
                                .add(new JsonObject()
                                        .put("name", "夜班 night")
                                        .put("start", "20:00")
                                        .put("end", "08:00")));
        c.add(new Case(ADMIN, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "foreign", 200, calendar));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "own", 200, calendar));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "foreign", 404, calendar));
        c.add(new Case(BUREAU, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "own", 403, calendar));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "own", 403, calendar));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/plants/{p}/calendar", "foreign", 404, calendar));
        // a line's and a machine's own shifts: the same rule
        for (String own : List.of("/api/v1/lines/{l}/calendar", "/api/v1/machines/{m}/calendar")) {
            c.add(new Case(ADMIN, HttpMethod.PUT, own, "foreign", 200, calendar));
            c.add(new Case(MANAGER, HttpMethod.PUT, own, "own", 200, calendar));
            c.add(new Case(MANAGER, HttpMethod.PUT, own, "foreign", 404, calendar));
            c.add(new Case(BUREAU, HttpMethod.PUT, own, "own", 403, calendar));
            c.add(new Case(VENDOR, HttpMethod.PUT, own, "own", 403, calendar));
            c.add(new Case(VENDOR, HttpMethod.PUT, own, "foreign", 404, calendar));
        }
        Function<TestPlatform.Tenant, JsonObject> stop = t -> new JsonObject()
                .put("from", "2027-01-01T08:00:00+08:00")
                .put("to", "2027-01-01T12:00:00+08:00")
                .put("reason", "计划保养");
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/plants/{p}/planned-stops", "own", 200, stop));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/plants/{p}/planned-stops", "foreign", 404, stop));
        c.add(new Case(BUREAU, HttpMethod.POST, "/api/v1/plants/{p}/planned-stops", "foreign", 403, stop));
        // Downtime reason names: everyone reads, the admin edits.
        Function<TestPlatform.Tenant, JsonObject> reason =
                t -> new JsonObject().put("name", "换刀 tool change").put("planned", false);
        for (String u : List.of(BUREAU, MANAGER, VENDOR)) {
            c.add(get(u, "/api/v1/downtime-reasons", "own", 200));
            c.add(new Case(u, HttpMethod.PUT, "/api/v1/downtime-reasons/1005", "own", 403, reason));
        }
        c.add(new Case(ADMIN, HttpMethod.PUT, "/api/v1/downtime-reasons/1005", "own", 200, reason));
        // Creating users and vendor organisations is the admin's.
        Function<TestPlatform.Tenant, JsonObject> newUser = t -> new JsonObject()
                .put("username", "new-user-" + counter.incrementAndGet())
                .put("displayName", "New")
                .put("role", "bureau")
                .put("password", "a-long-enough-password");
        for (String u : List.of(BUREAU, MANAGER, VENDOR))
            c.add(new Case(u, HttpMethod.POST, "/api/v1/users", "own", 403, newUser));
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/users", "own", 201, newUser));
        Function<TestPlatform.Tenant, JsonObject> newVendor =
                t -> new JsonObject().put("name", "Vendor " + counter.incrementAndGet());
        for (String u : List.of(BUREAU, MANAGER, VENDOR))
            c.add(new Case(u, HttpMethod.POST, "/api/v1/vendors", "own", 403, newVendor));
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/vendors", "own", 200, newVendor));
        // Connecting equipment: endpoints belong to an enterprise (and to the vendor organisation that created them).
        for (String r : List.of("/api/v1/endpoints/{ep}", "/api/v1/machines/{m}/mapping")) {
            c.add(get(ADMIN, r, "foreign", 200));
            c.add(get(BUREAU, r, "foreign", 200));
            c.add(get(MANAGER, r, "own", 200));
            c.add(get(MANAGER, r, "foreign", 404));
            c.add(get(VENDOR, r, "own", 200));
            c.add(get(VENDOR, r, "foreign", 404));
        }
        c.add(get(VENDOR, "/api/v1/machines/{press}/mapping", "own", 404));
        Function<TestPlatform.Tenant, JsonObject> emptyMapping =
                t -> new JsonObject().put("entries", new io.vertx.core.json.JsonArray());
        c.add(new Case(ADMIN, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "foreign", 200, emptyMapping));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "own", 200, emptyMapping));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "foreign", 404, emptyMapping));
        c.add(new Case(BUREAU, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "own", 403, emptyMapping));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "own", 200, emptyMapping));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/machines/{m}/mapping", "foreign", 404, emptyMapping));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/machines/{press}/mapping", "own", 404, emptyMapping));
        for (String action : List.of("test", "automap")) {
            String r = "/api/v1/endpoints/{ep}/" + action;
            c.add(new Case(BUREAU, HttpMethod.POST, r, "own", 403, null));
            c.add(new Case(MANAGER, HttpMethod.POST, r, "foreign", 404, null));
            c.add(new Case(VENDOR, HttpMethod.POST, r, "foreign", 404, null));
        }
        c.add(new Case(
                MANAGER, HttpMethod.POST, "/api/v1/endpoints/{ep}/test", "own", 200, null)); // answers "unreachable"
        c.add(get(BUREAU, "/api/v1/endpoints/{ep}/browse", "own", 403));
        c.add(get(VENDOR, "/api/v1/endpoints/{ep}/browse", "foreign", 404));
        c.add(get(MANAGER, "/api/v1/endpoints/{ep}/browse", "foreign", 404));
        c.add(new Case(BUREAU, HttpMethod.DELETE, "/api/v1/endpoints/{ep}", "own", 403, null));
        c.add(new Case(MANAGER, HttpMethod.DELETE, "/api/v1/endpoints/{ep}", "foreign", 404, null));
        c.add(new Case(VENDOR, HttpMethod.DELETE, "/api/v1/endpoints/{ep}", "foreign", 404, null));
        Function<TestPlatform.Tenant, JsonObject> newEndpoint = t -> new JsonObject()
                .put("enterpriseId", t.enterpriseId().toString())
                .put("name", "ep " + counter.incrementAndGet())
                .put("url", "opc.tcp://127.0.0.1:1/x");
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/endpoints", "foreign", 201, newEndpoint));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/endpoints", "own", 201, newEndpoint));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/endpoints", "foreign", 404, newEndpoint));
        c.add(new Case(BUREAU, HttpMethod.POST, "/api/v1/endpoints", "own", 403, newEndpoint));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/endpoints", "own", 201, newEndpoint));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/endpoints", "foreign", 404, newEndpoint));
        for (String u : List.of(ADMIN, BUREAU, MANAGER, VENDOR)) {
            c.add(get(u, "/api/v1/endpoints", "own", 200));
            c.add(get(u, "/api/v1/templates", "own", 200));
            c.add(get(u, "/api/v1/pki/certificate", "own", 200));
        }
        c.add(get(ADMIN, "/api/v1/pki/rejected", "own", 200));
        c.add(get(MANAGER, "/api/v1/pki/rejected", "own", 200));
        c.add(get(BUREAU, "/api/v1/pki/rejected", "own", 403));
        c.add(get(VENDOR, "/api/v1/pki/rejected", "own", 403));
        // h1-hardening: rejected certificates are per enterprise (a manager asking for another one's: 404); the
        // allow-list of endpoint targets is read by whoever sees the enterprise and set by its manager or an admin
        c.add(get(MANAGER, "/api/v1/pki/rejected?enterpriseId={own-e}", "own", 200));
        c.add(get(MANAGER, "/api/v1/pki/rejected?enterpriseId={e}", "foreign", 404));
        c.add(get(ADMIN, "/api/v1/pki/rejected?enterpriseId={e}", "foreign", 200));
        c.add(new Case(
                MANAGER,
                HttpMethod.POST,
                "/api/v1/pki/rejected/" + "ab".repeat(20) + "/trust?enterpriseId={e}",
                "foreign",
                404,
                null));
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/pki/rejected/" + "ab".repeat(20) + "/trust", "own", 400, null));
        Function<TestPlatform.Tenant, JsonObject> loopbackTargets =
                t -> new JsonObject().put("entries", new io.vertx.core.json.JsonArray().add("127.0.0.1"));
        for (String u : List.of(ADMIN, BUREAU))
            c.add(get(u, "/api/v1/enterprises/{e}/endpoint-targets", "foreign", 200));
        c.add(get(MANAGER, "/api/v1/enterprises/{e}/endpoint-targets", "own", 200));
        c.add(get(MANAGER, "/api/v1/enterprises/{e}/endpoint-targets", "foreign", 404));
        c.add(get(VENDOR, "/api/v1/enterprises/{e}/endpoint-targets", "foreign", 404));
        c.add(new Case(
                ADMIN, HttpMethod.PUT, "/api/v1/enterprises/{e}/endpoint-targets", "foreign", 200, loopbackTargets));
        c.add(new Case(
                MANAGER, HttpMethod.PUT, "/api/v1/enterprises/{e}/endpoint-targets", "own", 200, loopbackTargets));
        c.add(new Case(
                MANAGER, HttpMethod.PUT, "/api/v1/enterprises/{e}/endpoint-targets", "foreign", 404, loopbackTargets));
        c.add(new Case(
                BUREAU, HttpMethod.PUT, "/api/v1/enterprises/{e}/endpoint-targets", "own", 403, loopbackTargets));
        c.add(new Case(
                VENDOR, HttpMethod.PUT, "/api/v1/enterprises/{e}/endpoint-targets", "own", 403, loopbackTargets));
        // allowUntrusted: not on this server (no development flag), whoever asks
        Function<TestPlatform.Tenant, JsonObject> untrusted =
                t -> newEndpoint.apply(t).put("allowUntrusted", true);
        for (String u : List.of(ADMIN, MANAGER, VENDOR))
            c.add(new Case(u, HttpMethod.POST, "/api/v1/endpoints", "own", 403, untrusted));
        // Upgrade data of an enterprise: admins, the bureau and its own manager read; a vendor that sees it may not
        // (403).
        for (String r : List.of(
                "/api/v1/enterprises/{e}/upgrade",
                "/api/v1/enterprises/{e}/registry",
                "/api/v1/enterprises/{e}/assets",
                "/api/v1/enterprises/{e}/projects",
                "/api/v1/enterprises/{e}/monthly-figures")) {
            c.add(get(ADMIN, r, "foreign", 200));
            c.add(get(BUREAU, r, "own", 200));
            c.add(get(BUREAU, r, "foreign", 200));
            c.add(get(MANAGER, r, "own", 200));
            c.add(get(MANAGER, r, "foreign", 404));
            c.add(get(VENDOR, r, "own", 403));
            c.add(get(VENDOR, r, "foreign", 404));
        }
        // ... and its manager (and admins) change it; the bureau writes nothing.
        Function<TestPlatform.Tenant, JsonObject> registry = t -> new JsonObject()
                .put("creditCode", t.code().equals("ACME") ? "913307820000000014" : "91330782123456789B")
                .put("town", "城关镇")
                .put("segment", "紧固件 fasteners")
                .put("aboveScale", true);
        c.add(new Case(ADMIN, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "foreign", 200, registry));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "own", 200, registry));
        c.add(new Case(MANAGER, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "foreign", 404, registry));
        c.add(new Case(BUREAU, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "own", 403, registry));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "own", 403, registry));
        c.add(new Case(VENDOR, HttpMethod.PUT, "/api/v1/enterprises/{e}/registry", "foreign", 404, registry));
        Function<TestPlatform.Tenant, JsonObject> asset = t -> new JsonObject()
                .put("plantId", t.plantId().toString())
                .put("code", "A-" + counter.incrementAndGet())
                .put("name", "冲床 press")
                .put("kind", "冲床 press")
                .put("numericalControl", false)
                .put("keyProcess", true);
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/assets", "own", 201, asset));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/assets", "foreign", 404, asset));
        c.add(new Case(BUREAU, HttpMethod.POST, "/api/v1/enterprises/{e}/assets", "own", 403, asset));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/enterprises/{e}/assets", "own", 403, asset));
        // a manager cannot put a foreign plant into its own ledger
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{own-e}/assets", "foreign", 400, asset));
        Function<TestPlatform.Tenant, JsonObject> project = t -> new JsonObject()
                .put("name", "数字化车间 " + counter.incrementAndGet())
                .put("baselineFrom", "2026-01-01")
                .put("baselineTo", "2026-03-31");
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/enterprises/{e}/projects", "foreign", 201, project));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/projects", "own", 201, project));
        c.add(new Case(MANAGER, HttpMethod.POST, "/api/v1/enterprises/{e}/projects", "foreign", 404, project));
        c.add(new Case(BUREAU, HttpMethod.POST, "/api/v1/enterprises/{e}/projects", "own", 403, project));
        c.add(new Case(VENDOR, HttpMethod.POST, "/api/v1/enterprises/{e}/projects", "own", 403, project));
        c.add(new Case(
                BUREAU,
                HttpMethod.POST,
                "/api/v1/enterprises/{e}/monthly-figures/import",
                "own",
                403,
                t -> new JsonObject()));
        c.add(new Case(
                MANAGER,
                HttpMethod.POST,
                "/api/v1/enterprises/{e}/monthly-figures/import",
                "foreign",
                404,
                t -> new JsonObject()));
        c.add(new Case(
                VENDOR,
                HttpMethod.POST,
                "/api/v1/enterprises/{e}/monthly-figures/import",
                "own",
                403,
                t -> new JsonObject()));
        // The county views are the bureau's (and admins'); managers and vendors may not read other enterprises'
        // figures.
        for (String r : List.of("/api/v1/bureau/overview", "/api/v1/bureau/enterprises")) {
            c.add(get(ADMIN, r, "own", 200));
            c.add(get(BUREAU, r, "own", 200));
            c.add(get(MANAGER, r, "own", 403));
            c.add(get(VENDOR, r, "own", 403));
        }
        for (String r :
                List.of("/api/v1/bureau/overview/export?format=csv", "/api/v1/bureau/enterprises/export?format=xlsx")) {
            c.add(get(MANAGER, r, "own", 403));
            c.add(get(VENDOR, r, "own", 403));
        }
        for (String u : List.of(ADMIN, BUREAU, MANAGER)) c.add(get(u, "/api/v1/bureau/programme", "own", 200));
        c.add(get(VENDOR, "/api/v1/bureau/programme", "own", 403));
        Function<TestPlatform.Tenant, JsonObject> programme = t -> new JsonObject()
                .put("name", "三年行动 three-year programme")
                .put("start", "2025-01-01")
                .put("end", "2027-12-31")
                .put(
                        "targets",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject().put("year", 2025).put("targetShare", 0.3)));
        c.add(new Case(ADMIN, HttpMethod.PUT, "/api/v1/bureau/programme", "own", 200, programme));
        for (String u : List.of(BUREAU, MANAGER, VENDOR))
            c.add(new Case(u, HttpMethod.PUT, "/api/v1/bureau/programme", "own", 403, programme));
        // h2-onboarding: creating and changing the hierarchy. A new enterprise is the admin's; the rest an admin's or
        // the
        // enterprise's manager's. PATCH bodies repeat the fixture's values, so other cases see the same tenants.
        Function<TestPlatform.Tenant, JsonObject> newEnterprise = t ->
                new JsonObject().put("code", "NEW-" + counter.incrementAndGet()).put("name", "新企业");
        c.add(new Case(ADMIN, HttpMethod.POST, "/api/v1/enterprises", "own", 201, newEnterprise));
        for (String u : List.of(BUREAU, MANAGER, VENDOR))
            c.add(new Case(u, HttpMethod.POST, "/api/v1/enterprises", "own", 403, newEnterprise));
        Function<TestPlatform.Tenant, JsonObject> newChild = t -> new JsonObject()
                .put("code", "C-" + counter.incrementAndGet())
                .put("name", "新 new")
                .put("kind", "press");
        Function<TestPlatform.Tenant, JsonObject> sameEnterprise =
                t -> new JsonObject().put("name", "测试企业 " + t.code());
        Function<TestPlatform.Tenant, JsonObject> samePlant = t -> new JsonObject().put("timeZone", "Asia/Shanghai");
        Function<TestPlatform.Tenant, JsonObject> sameLine = t -> new JsonObject().put("name", "机加线 Machining");
        Function<TestPlatform.Tenant, JsonObject> sameMachine = t -> new JsonObject().put("name", "加工中心 1");
        Function<TestPlatform.Tenant, JsonObject> sameIdeal =
                t -> new JsonObject().put("seconds", 42.0).putNull("effectiveFrom");
        List<Object[]> writes = List.of(
                new Object[] {HttpMethod.POST, "/api/v1/enterprises/{e}/plants", newChild, 201},
                new Object[] {HttpMethod.POST, "/api/v1/plants/{p}/lines", newChild, 201},
                new Object[] {HttpMethod.POST, "/api/v1/lines/{sweep-l}/machines", newChild, 201},
                new Object[] {HttpMethod.PATCH, "/api/v1/enterprises/{e}", sameEnterprise, 200},
                new Object[] {HttpMethod.PATCH, "/api/v1/plants/{p}", samePlant, 200},
                new Object[] {HttpMethod.PATCH, "/api/v1/lines/{l}", sameLine, 200},
                new Object[] {HttpMethod.PATCH, "/api/v1/machines/{m}", sameMachine, 200},
                new Object[] {HttpMethod.POST, "/api/v1/machines/{m}/ideal-cycle-times", sameIdeal, 201},
                new Object[] {HttpMethod.DELETE, "/api/v1/machines/{m}", null, 409
                }); // it has telemetry: retire instead
        for (Object[] w : writes) {
            HttpMethod method = (HttpMethod) w[0];
            String path = (String) w[1];
            @SuppressWarnings("unchecked")
            Function<TestPlatform.Tenant, JsonObject> body = (Function<TestPlatform.Tenant, JsonObject>) w[2];
            int ok = (Integer) w[3];
            c.add(new Case(ADMIN, method, path, "foreign", ok, body));
            c.add(new Case(MANAGER, method, path, "own", ok, body));
            c.add(new Case(MANAGER, method, path, "foreign", 404, body));
            c.add(new Case(BUREAU, method, path, "own", 403, body));
            c.add(new Case(VENDOR, method, path, "foreign", 404, body));
            if (!path.contains("{sweep-l}"))
                c.add(new Case(VENDOR, method, path, "own", 403, body)); // sees it, may not change it
        }
        c.add(new Case(VENDOR, HttpMethod.PATCH, "/api/v1/machines/{press}", "own", 404, sameMachine));
        c.add(new Case(
                MANAGER,
                HttpMethod.POST,
                "/api/v1/machines/{press}/ideal-cycle-times",
                "foreign",
                404,
                t -> new JsonObject().put("seconds", 3.0).putNull("effectiveFrom")));
        c.add(get(ADMIN, "/api/v1/machines/{m}/ideal-cycle-times", "foreign", 200));
        c.add(get(BUREAU, "/api/v1/machines/{m}/ideal-cycle-times", "foreign", 200));
        c.add(get(MANAGER, "/api/v1/machines/{m}/ideal-cycle-times", "own", 200));
        c.add(get(MANAGER, "/api/v1/machines/{m}/ideal-cycle-times", "foreign", 404));
        c.add(get(VENDOR, "/api/v1/machines/{m}/ideal-cycle-times", "own", 200));
        c.add(get(VENDOR, "/api/v1/machines/{m}/ideal-cycle-times", "foreign", 404));
        c.add(get(VENDOR, "/api/v1/machines/{press}/ideal-cycle-times", "own", 404));
        // h2-onboarding: editing an endpoint in place (the same name again, so nothing else changes)
        Function<TestPlatform.Tenant, JsonObject> sameEndpoint = t -> new JsonObject().put("name", "line " + t.code());
        c.add(new Case(ADMIN, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "foreign", 200, sameEndpoint));
        c.add(new Case(MANAGER, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "own", 200, sameEndpoint));
        c.add(new Case(MANAGER, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "foreign", 404, sameEndpoint));
        c.add(new Case(BUREAU, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "own", 403, sameEndpoint));
        c.add(new Case(
                VENDOR, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "own", 200, sameEndpoint)); // its organisation's
        c.add(new Case(VENDOR, HttpMethod.PATCH, "/api/v1/endpoints/{ep}", "foreign", 404, sameEndpoint));
        return c;
    }

    static Case get(String user, String template, String tenant, int expected) {
        return new Case(user, HttpMethod.GET, template, tenant, expected, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRoleSeesOnlyWhatItMay(Case c) {
        TestPlatform.Tenant own = platform.acme;
        TestPlatform.Tenant t = c.tenant().equals("own") ? own : platform.rival;
        String path = c.template()
                .replace("{own-e}", own.enterpriseId().toString())
                .replace("{e}", t.enterpriseId().toString())
                .replace("{p}", t.plantId().toString())
                .replace("{l}", t.lineId().toString())
                .replace("{m}", t.cncId().toString())
                .replace("{press}", t.pressId().toString())
                .replace("{ep}", String.valueOf(endpoints.get(t.code())))
                .replace("{sweep-l}", String.valueOf(sweepLines.get(t.code())));
        HttpTestClient.Response r = platform.send(
                c.user(), c.method(), path, c.body() == null ? null : c.body().apply(t));
        assertThat(r.status()).as(c + ": " + r).isEqualTo(c.expected());
        assertThat(r.contentType()).startsWith("application/json");
        if (r.status() >= 400) assertThat(r.json().getString("error")).isNotBlank();

        // Whoever is bound to a tenant never reads a byte of another tenant's data.
        if (c.user().equals(MANAGER) || c.user().equals(VENDOR)) {
            for (String f : platform.rival.fingerprints())
                assertThat(r.body()).as(c.toString()).doesNotContain(f);
        }
        if (c.user().equals(VENDOR)) {
            assertThat(r.body())
                    .as("ungranted press leaks to the vendor")
                    .doesNotContain(platform.acme.pressId().toString());
        }
    }

    @Test
    void listsAreFilteredToWhatTheCallerMaySee() {
        assertThat(platform.get(ADMIN, "/api/v1/enterprises").array()).hasSize(2);
        assertThat(platform.get(BUREAU, "/api/v1/enterprises").array()).hasSize(2);
        assertThat(platform.get(MANAGER, "/api/v1/enterprises").array())
                .singleElement()
                .satisfies(e -> assertThat(((JsonObject) e).getString("id"))
                        .isEqualTo(platform.acme.enterpriseId().toString()));
        var vendorMachines = platform.get(VENDOR, "/api/v1/lines/" + platform.acme.lineId() + "/machines")
                .array();
        assertThat(vendorMachines)
                .singleElement()
                .satisfies(m -> assertThat(((JsonObject) m).getString("id"))
                        .isEqualTo(platform.acme.cncId().toString()));
        assertThat(platform.get(MANAGER, "/api/v1/lines/" + platform.acme.lineId() + "/machines")
                        .array())
                .hasSize(2);
    }

    // --- h1-hardening (issue 11): certificate trust is per enterprise ---

    @Test
    void aCertificateTrustedByOneEnterpriseIsNeitherSeenNorTrustedByAnother(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var definition = new org.tiangong.collector.sim.PlantDefinition(
                new org.tiangong.collector.sim.PlantDefinition.EnterpriseInfo("SIM", "模拟"),
                new org.tiangong.collector.sim.PlantDefinition.PlantInfo("P1", "一厂", "Asia/Shanghai"),
                new org.tiangong.collector.sim.PlantDefinition.SimulationSettings(3, 200),
                List.of(new org.tiangong.collector.sim.PlantDefinition.LineDefinition(
                        "L1",
                        "一线",
                        List.of(org.tiangong.collector.sim.MachineDefinition.withDefaults(
                                "M-01", "一号", org.tiangong.analytics.model.MachineKind.CNC)))));
        try (var sim = new org.tiangong.collector.sim.PlantSimulator(
                                definition,
                                org.tiangong.collector.sim.SimulatorOptions.forTests(dir)
                                        .withSecurityPolicies(
                                                org.eclipse.milo.opcua.stack.core.security.SecurityPolicy
                                                        .Basic256Sha256))
                        .start();
                var platformPki =
                        org.tiangong.collector.opcua.ClientPki.open(org.tiangong.analytics.connect.DataDir.resolve())) {
            sim.trustClientCertificate(platformPki.certificate());
            String thumbprint = org.tiangong.collector.opcua.ClientPki.thumbprint(sim.serverCertificate());
            java.util.Map<String, String> ids = new java.util.HashMap<>();
            for (var entry : java.util.Map.of("acme-manager", platform.acme, "rival-manager", platform.rival)
                    .entrySet()) {
                var r = platform.send(
                        entry.getKey(),
                        HttpMethod.POST,
                        "/api/v1/endpoints",
                        new JsonObject()
                                .put(
                                        "enterpriseId",
                                        entry.getValue().enterpriseId().toString())
                                .put("name", "secured " + counter.incrementAndGet())
                                .put("url", sim.endpointUrl().replace("localhost", "127.0.0.1"))
                                .put("securityPolicy", "Basic256Sha256")
                                .put("securityMode", "SignAndEncrypt"));
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids.put(entry.getKey(), r.json().getString("id"));
            }
            // ACME's test meets the certificate: only ACME (and an admin) sees it
            assertThat(test("acme-manager", ids).getString("outcome")).isEqualTo("server_certificate_untrusted");
            assertThat(rejected("acme-manager")).contains(thumbprint);
            assertThat(rejected("rival-manager")).doesNotContain(thumbprint);
            assertThat(platform.send(
                                    "rival-manager",
                                    HttpMethod.POST,
                                    "/api/v1/pki/rejected/" + thumbprint + "/trust",
                                    null)
                            .status())
                    .isEqualTo(404);
            // trusted by ACME: ACME connects, RIVAL's endpoint to the same server still does not
            var trusted = platform.send(
                    "acme-manager", HttpMethod.POST, "/api/v1/pki/rejected/" + thumbprint + "/trust", null);
            assertThat(trusted.status()).isEqualTo(200);
            assertThat(trusted.json().getString("enterpriseId"))
                    .isEqualTo(platform.acme.enterpriseId().toString());
            assertThat(test("acme-manager", ids).getString("outcome")).isEqualTo("connected");
            assertThat(test("rival-manager", ids).getString("outcome")).isEqualTo("server_certificate_untrusted");
            // RIVAL now has it in its own list, separately
            assertThat(rejected("rival-manager")).contains(thumbprint);
            assertThat(platform.get(ADMIN, "/api/v1/pki/rejected?enterpriseId=" + platform.acme.enterpriseId())
                            .body())
                    .doesNotContain(thumbprint);
        }
    }

    private static JsonObject test(String manager, java.util.Map<String, String> ids) {
        var r = platform.send(manager, HttpMethod.POST, "/api/v1/endpoints/" + ids.get(manager) + "/test", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static String rejected(String manager) {
        var r = platform.get(manager, "/api/v1/pki/rejected");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }
}
