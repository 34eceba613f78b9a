package org.tiangong.api.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.accounts.DemoAccounts;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The whole demo in one JVM — Milo server (simulator), Milo client (collector) and Vert.x HTTP server on Netty 4.2 —
 * serving the default plant: every machine reports a sample younger than 10 s, seen through the API.
 */
class DemoStackTest {

    @TempDir
    static Path dataDir;

    static final int HISTORY_DAYS = 3;
    static DemoStack stack;
    static Vertx vertx;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(
                TestDatabases.freshUrl(),
                dataDir,
                PlantDefinition.loadDefault(),
                "127.0.0.1",
                0,
                0,
                false,
                500,
                HISTORY_DAYS,
                StoragePolicy.defaults()));
        vertx = Vertx.vertx();
        http = new HttpTestClient(vertx, stack.apiPort());
    }

    @AfterAll
    static void stop() {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        stack.close();
    }

    static String login(String role) {
        DemoAccounts.Account a = stack.accounts().stream()
                .filter(x -> x.username().equals(role))
                .findFirst()
                .orElseThrow();
        var r = http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer(new JsonObject()
                        .put("username", a.username())
                        .put("password", a.password())
                        .encode()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return "Bearer " + r.json().getString("token");
    }

    static JsonArray get(String auth, String path) {
        var r = http.send(HttpMethod.GET, path, auth, null);
        assertThat(r.status()).as(path + " " + r).isEqualTo(200);
        return r.array();
    }

    @Test
    void everyMachineOfTheDemoPlantHasAFreshSample() {
        String manager = login("manager");
        String enterprise = get(manager, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(manager, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        JsonArray lines = get(manager, "/api/v1/plants/" + plant + "/lines");
        assertThat(lines).hasSize(3); // the default plant's two, and the line of machines left for a vendor to connect

        // Give the plant time to leave its start-up, then every machine must have reported within the last 10 s.
        await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            List<JsonObject> machines = new ArrayList<>();
            for (Object l : lines) {
                if (((JsonObject) l).getString("code").equals(DemoStack.TO_CONNECT_LINE)) continue;
                get(manager, "/api/v1/lines/" + ((JsonObject) l).getString("id") + "/machines")
                        .forEach(m -> machines.add((JsonObject) m));
            }
            assertThat(machines).hasSize(PlantDefinition.loadDefault().machineCount());
            Instant now = Instant.now();
            for (JsonObject m : machines) {
                assertThat(m.getString("lastSampleAt")).as(m.getString("code")).isNotNull();
                assertThat(Duration.between(Instant.parse(m.getString("lastSampleAt")), now))
                        .as(m.getString("code"))
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(m.getString("state")).isIn("off", "idle", "running", "setup", "fault");
            }
        });
    }

    @Test
    void theBureauOverviewShowsTheCountysProgress() {
        String bureau = login("bureau");
        var r = http.send(HttpMethod.GET, "/api/v1/bureau/overview", bureau, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonObject county = r.json().getJsonObject("county");
        assertThat(county.getInteger("enterprises")).isEqualTo(12);
        JsonObject stages = county.getJsonObject("stages");
        assertThat(stages.getInteger("accepted")).isEqualTo(1);
        assertThat(stages.getInteger("completed")).isEqualTo(2);
        assertThat(stages.getInteger("in_progress")).isEqualTo(4);
        assertThat(stages.getInteger("planned")).isEqualTo(2);
        assertThat(stages.getInteger("not_started")).isEqualTo(3);
        assertThat(county.getInteger("enterprisesWithoutLedger")).isEqualTo(1);
        assertThat(r.json().getJsonArray("towns")).hasSize(3);
        assertThat(r.json().getJsonObject("programme").getJsonArray("years")).hasSize(3);
        // networked assets appear as the background back-fill reaches now; the silent machine never counts
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonObject c = http.send(HttpMethod.GET, "/api/v1/bureau/overview", bureau, null)
                    .json()
                    .getJsonObject("county");
            assertThat(c.getInteger("networkedAssets")).isGreaterThan(0);
        });
        JsonArray ranking = new JsonArray(
                http.send(HttpMethod.GET, "/api/v1/bureau/enterprises?filter=stage:accepted", bureau, null)
                        .body());
        JsonObject hd = ranking.getJsonObject(0);
        assertThat(hd.getString("code")).isEqualTo("HD-METAL");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(new JsonArray(http.send(
                                                HttpMethod.GET,
                                                "/api/v1/bureau/enterprises?filter=stage:accepted",
                                                bureau,
                                                null)
                                        .body())
                                .getJsonObject(0)
                                .getInteger("networkedAssets"))
                        .isEqualTo(3)); // 4 networked machines, one silent for two days
        assertThat(hd.getInteger("assets")).isEqualTo(6);
    }

    @Test
    void eachDemoAccountLogsInAndSeesItsView() {
        assertThat(stack.accounts())
                .extracting(DemoAccounts.Account::username)
                .containsExactly("admin", "manager", "bureau", "vendor");
        assertThat(get(login("bureau"), "/api/v1/enterprises")).hasSize(12); // the demo plant and the demo county
        String vendor = login("vendor");
        String enterprise = get(vendor, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(vendor, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        JsonArray lines = get(vendor, "/api/v1/plants/" + plant + "/lines");
        assertThat(lines).hasSize(2); // two machines of line 1, and the two it is to connect
        for (Object l : lines)
            assertThat(get(vendor, "/api/v1/lines/" + ((JsonObject) l).getString("id") + "/machines"))
                    .hasSize(2);
        assertThat(get(login("admin"), "/api/v1/users")).hasSize(4);
    }

    /**
     * The demo back-fills its history in the background and then rolls it up: yesterday's line OEE by shift has
     * running time and parts, and every machine's rollups reach the history's end.
     */
    @Test
    void historyIsBackFilledAndRolledUp() throws Exception {
        var result = stack.history().get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(result.stored()).isGreaterThan(1000);
        var jdbc = new org.tiangong.analytics.db.Jdbc(stack.database().dataSource());
        Instant historyEnd = Instant.now().minus(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(jdbc.list(
                                "SELECT w.rolled_until AS t FROM rollup_watermark w JOIN machine m ON m.id = w.machine_id JOIN line l ON l.id = m.line_id "
                                        + "WHERE l.code <> ? AND l.plant_id IN (SELECT id FROM plant WHERE enterprise_id = ?)", // not the county's
                                rs -> org.tiangong.analytics.db.Jdbc.instant(rs, "t"),
                                DemoStack.TO_CONNECT_LINE,
                                stack.enterpriseId()))
                        .hasSize(PlantDefinition.loadDefault().machineCount())
                        .allSatisfy(t -> assertThat(t).isAfter(historyEnd)));

        String manager = login("manager");
        String enterprise = get(manager, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(manager, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        String line = get(manager, "/api/v1/plants/" + plant + "/lines")
                .getJsonObject(0)
                .getString("id");
        Instant to = Instant.now().minus(Duration.ofDays(1)),
                from = Instant.now().minus(Duration.ofDays(HISTORY_DAYS));
        var r = http.send(
                HttpMethod.GET,
                "/api/v1/lines/" + line + "/oee?granularity=day&from=" + from + "&to=" + to,
                manager,
                null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonObject total = r.json().getJsonObject("total");
        assertThat(total.getDouble("runSeconds")).isGreaterThan(0.0);
        assertThat(total.getDouble("goodCount")).isGreaterThan(0.0);
    }

    /**
     * The calendars say what the demo's story says: three shifts Monday to Saturday (nobody works on Sundays), every
     * second machine of a line (CNC-02 on line 1) without the night shift, the county's enterprises one day shift.
     */
    @Test
    void theCalendarsSayWhatTheStorySays() {
        String manager = login("manager");
        String enterprise = get(manager, "/api/v1/enterprises").getJsonObject(0).getString("id");
        String plant = get(manager, "/api/v1/enterprises/" + enterprise + "/plants")
                .getJsonObject(0)
                .getString("id");
        JsonObject calendar = http.send(HttpMethod.GET, "/api/v1/plants/" + plant + "/calendar", manager, null)
                .json();
        assertThat(calendar.getBoolean("defaultShifts")).isFalse();
        assertThat(calendar.getJsonArray("shifts"))
                .hasSize(3)
                .allSatisfy(
                        x -> assertThat(((JsonObject) x).getJsonArray("days").getList())
                                .containsExactly(1, 2, 3, 4, 5, 6));
        JsonObject line1 = get(manager, "/api/v1/plants/" + plant + "/lines").stream()
                .map(JsonObject.class::cast)
                .filter(l -> l.getString("code").equals("L1"))
                .findFirst()
                .orElseThrow();
        for (Object o : get(manager, "/api/v1/lines/" + line1.getString("id") + "/machines")) {
            JsonObject m = (JsonObject) o;
            JsonObject own = http.send(
                            HttpMethod.GET, "/api/v1/machines/" + m.getString("id") + "/calendar", manager, null)
                    .json();
            boolean offAtNight = m.getString("code").equals("CNC-02");
            assertThat(own.getString("source")).as(m.getString("code")).isEqualTo(offAtNight ? "machine" : "plant");
            assertThat(own.getJsonArray("shifts")).hasSize(offAtNight ? 2 : 3);
        }
        // the line's OEE over the last Sunday in the history: nobody was planned, so there is no availability
        java.time.ZoneId zone = java.time.ZoneId.of(calendar.getString("timeZone"));
        java.time.LocalDate sunday = java.time.LocalDate.now(zone)
                .minusDays(1)
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.SUNDAY));
        String from = sunday.atStartOfDay(zone).toInstant().toString(),
                to = sunday.plusDays(1).atStartOfDay(zone).toInstant().toString();
        JsonObject total = http.send(
                        HttpMethod.GET,
                        "/api/v1/lines/" + line1.getString("id") + "/oee?granularity=day&from=" + from + "&to=" + to,
                        manager,
                        null)
                .json()
                .getJsonObject("total");
        assertThat(total.getDouble("plannedProductionSeconds")).isZero();
        assertThat(total.getValue("availability")).isNull();
        // a county enterprise: one day shift
        String bureau = login("bureau");
        JsonObject hd = new JsonArray(
                        http.send(HttpMethod.GET, "/api/v1/bureau/enterprises?filter=stage:accepted", bureau, null)
                                .body())
                .getJsonObject(0);
        String admin = login("admin");
        String hdPlant = get(admin, "/api/v1/enterprises/" + hd.getString("id") + "/plants")
                .getJsonObject(0)
                .getString("id");
        JsonArray hdShifts = http.send(HttpMethod.GET, "/api/v1/plants/" + hdPlant + "/calendar", admin, null)
                .json()
                .getJsonArray("shifts");
        assertThat(hdShifts).hasSize(1);
        assertThat(hdShifts.getJsonObject(0).getString("start")).isEqualTo("08:00");
        assertThat(hdShifts.getJsonObject(0).getString("end")).isEqualTo("20:00");
    }
}
