package org.tiangong.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.testing.Fixtures;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.api.accounts.PasswordHasher;

/**
 * A running API over a real database holding two tenants, ACME and RIVAL (each: one plant, one line, a CNC and a
 * press with an hour of data), and one user per role: admin, bureau, acme-manager, rival-manager, and a vendor
 * granted ACME's CNC only.
 */
public final class TestPlatform implements AutoCloseable {

    public static final String PASSWORD = "correct-horse-battery";

    public final Vertx vertx = Vertx.vertx();
    public final Database db;
    public final ApiServer server;
    public final HttpTestClient http;
    public final Instant dataStart;
    public final Tenant acme;
    public final Tenant rival;
    public final UUID vendorOrgId;
    private final Map<String, String> tokens = new HashMap<>();

    /** Ids of one tenant's objects, and strings that must never appear in another tenant's responses. */
    public record Tenant(String code, UUID enterpriseId, UUID plantId, UUID lineId, UUID cncId, UUID pressId) {
        public List<String> fingerprints() {
            return List.of(
                    enterpriseId.toString(),
                    plantId.toString(),
                    lineId.toString(),
                    cncId.toString(),
                    pressId.toString(),
                    "测试企业 " + code);
        }
    }

    public TestPlatform(ApiSettings settings, Clock clock) throws Exception {
        // the platform's OPC UA certificate and secret key go to a directory of the test run, not ./tiangong-data
        if (System.getProperty(org.tiangong.analytics.connect.DataDir.PROPERTY) == null) {
            System.setProperty(
                    org.tiangong.analytics.connect.DataDir.PROPERTY,
                    java.nio.file.Files.createTempDirectory("tiangong-test-data")
                            .toString());
        }
        db = TestDatabases.fresh();
        dataStart = clock.instant().minusSeconds(3600);
        acme = tenant("ACME");
        rival = tenant("RIVAL");
        UserStore users = new UserStore(db.dataSource());
        VendorStore vendors = new VendorStore(db.dataSource());
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash(PASSWORD);
        vendorOrgId = vendors.ensure("Vendor X").id();
        UUID admin =
                users.create("admin", "Admin", Role.ADMIN, null, null, hash).id();
        users.create("bureau", "Bureau", Role.BUREAU, null, null, hash);
        users.create("acme-manager", "ACME manager", Role.PLANT_MANAGER, acme.enterpriseId(), null, hash);
        users.create("rival-manager", "RIVAL manager", Role.PLANT_MANAGER, rival.enterpriseId(), null, hash);
        users.create("vendor", "Vendor X engineer", Role.VENDOR, null, vendorOrgId, hash);
        vendors.grant(vendorOrgId, acme.cncId(), admin);

        server = new ApiServer(vertx, db, settings, clock);
        server.start("localhost", 0).toCompletionStage().toCompletableFuture().get();
        http = new HttpTestClient(vertx, server.port());
    }

    private Tenant tenant(String code) throws Exception {
        TopologyRegistry registry = new TopologyRegistry(db.dataSource());
        UUID ent = registry.importTopology(Fixtures.smallPlant(code));
        List<Sample> samples = new ArrayList<>();
        for (String machine : List.of("CNC-01", "PR-01")) {
            MachineKind kind = machine.startsWith("CNC") ? MachineKind.CNC : MachineKind.PRESS;
            Map<CanonicalSignal, Integer> ids = registry.registerSignals(
                    MachinePath.parse(code + "/P1/L1/" + machine),
                    kind,
                    Map.of(CanonicalSignal.STATE, "s", kind.processSignal(), "p"));
            samples.add(Sample.of(ids.get(CanonicalSignal.STATE), dataStart, 1, 0));
            samples.add(Sample.of(ids.get(CanonicalSignal.STATE), dataStart.plusSeconds(600), 2, 0));
            for (int i = 0; i < 3600; i += 10)
                samples.add(Sample.of(ids.get(kind.processSignal()), dataStart.plusSeconds(i), 50, 0));
        }
        new TelemetryWriter(db.dataSource()).write(samples);
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        UUID plant = dir.plants(ent).get(0).id();
        UUID line = dir.lines(plant).get(0).id();
        var machines = dir.machines(line);
        return new Tenant(
                code, ent, plant, line, machines.get(0).id(), machines.get(1).id());
    }

    /** A bearer token for the user, logged in once and cached. */
    public String token(String username) {
        return tokens.computeIfAbsent(username, u -> {
            var r = http.send(
                    HttpMethod.POST,
                    "/api/v1/auth/login",
                    null,
                    Buffer.buffer(new JsonObject()
                            .put("username", u)
                            .put("password", PASSWORD)
                            .encode()));
            if (r.status() != 200) throw new AssertionError("login of " + u + " failed: " + r);
            return r.json().getString("token");
        });
    }

    public HttpTestClient.Response get(String username, String path) {
        return http.send(HttpMethod.GET, path, "Bearer " + token(username), null);
    }

    public HttpTestClient.Response send(String username, HttpMethod method, String path, JsonObject body) {
        return http.send(method, path, "Bearer " + token(username), body == null ? null : Buffer.buffer(body.encode()));
    }

    /** A digest of every table a request could change, except the append-only audit log and usage timestamps. */
    public String fingerprint() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            for (String q : List.of(
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM enterprise t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM plant t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM line t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM machine t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM signal t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM app_user t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM vendor_org t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM device_grant t",
                    "SELECT md5(coalesce(string_agg((id, user_id, name, prefix, revoked_at)::text, ',' ORDER BY id), '')) FROM api_key",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM token_signing_key t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM plant_shift t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM plant_break t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM plant_holiday t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM planned_stop t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM downtime_reason t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM opcua_endpoint t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM signal_mapping t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM mapping_template t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM enterprise_registry t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM equipment_asset t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM upgrade_project t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM upgrade_project_event t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM upgrade_programme t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM upgrade_programme_target t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM monthly_figure t",
                    // h1-hardening
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM endpoint_target_allow t",
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM machine_ideal_cycle t", // h2-onboarding
                    "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM stop_classification t", // h3-web
                    "SELECT count(*)::text || '/' || coalesce(sum(value), 0)::text FROM telemetry")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    sb.append(rs.getString(1)).append(';');
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        http.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        db.close();
    }
}
