package org.tiangong.api.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;
import org.tiangong.api.TestPlatform;

/**
 * The plant hierarchy through the API: an admin creates an enterprise and its plant manager, the manager builds
 * plants, lines and machines in it; codes are unique per parent, time zones are checked, every change is audited,
 * a machine with telemetry is retired (its history stays readable) while one without is deleted.
 */
class TopologyApiTest {

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static HttpTestClient.Response post(String user, String path, JsonObject body) {
        return platform.send(user, HttpMethod.POST, path, body);
    }

    static HttpTestClient.Response patch(String user, String path, JsonObject body) {
        return platform.send(user, HttpMethod.PATCH, path, body);
    }

    @Test
    void anAdminCreatesAnEnterpriseAndItsManagerBuildsIt() {
        var ent = post(
                "admin",
                "/api/v1/enterprises",
                new JsonObject().put("code", "NEWCO").put("name", "新公司 New Co"));
        assertThat(ent.status()).as(ent.body()).isEqualTo(201);
        String e = ent.json().getString("id");
        assertThat(ent.json().getString("code")).isEqualTo("NEWCO");
        assertThat(post(
                                "admin",
                                "/api/v1/enterprises",
                                new JsonObject().put("code", "NEWCO").put("name", "again"))
                        .status())
                .isEqualTo(409);
        assertThat(post(
                                "admin",
                                "/api/v1/enterprises",
                                new JsonObject().put("code", "bad code/1").put("name", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(post(
                                "acme-manager",
                                "/api/v1/enterprises",
                                new JsonObject().put("code", "MINE").put("name", "x"))
                        .status())
                .isEqualTo(403);

        // the admin creates the enterprise's plant manager, who logs in
        var user = post(
                "admin",
                "/api/v1/users",
                new JsonObject()
                        .put("username", "newco-manager")
                        .put("displayName", "厂长")
                        .put("role", "plant_manager")
                        .put("enterpriseId", e)
                        .put("password", TestPlatform.PASSWORD));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String m = "newco-manager";

        assertThat(post(
                                m,
                                "/api/v1/enterprises/" + e + "/plants",
                                new JsonObject()
                                        .put("code", "P1")
                                        .put("name", "一厂")
                                        .put("timeZone", "Mars/Olympus_Mons"))
                        .status())
                .isEqualTo(400);
        var plant = post(
                m,
                "/api/v1/enterprises/" + e + "/plants",
                new JsonObject().put("code", "P1").put("name", "一厂").put("timeZone", "Asia/Urumqi"));
        assertThat(plant.status()).as(plant.body()).isEqualTo(201);
        assertThat(plant.json().getString("timeZone")).isEqualTo("Asia/Urumqi");
        String p = plant.json().getString("id");
        assertThat(post(
                                m,
                                "/api/v1/enterprises/" + e + "/plants",
                                new JsonObject().put("code", "P1").put("name", "dup"))
                        .status())
                .isEqualTo(409);
        // the same code under another parent is fine
        assertThat(post(
                                "admin",
                                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/plants",
                                new JsonObject().put("code", "P1-B").put("name", "二厂"))
                        .json()
                        .getString("timeZone"))
                .isEqualTo("Asia/Shanghai");
        // another enterprise does not exist for this manager
        assertThat(post(
                                m,
                                "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/plants",
                                new JsonObject().put("code", "P9").put("name", "x"))
                        .status())
                .isEqualTo(404);

        String l = post(
                        m,
                        "/api/v1/plants/" + p + "/lines",
                        new JsonObject().put("code", "L1").put("name", "一线"))
                .json()
                .getString("id");
        var machine = post(
                m,
                "/api/v1/lines/" + l + "/machines",
                new JsonObject()
                        .put("code", "CNC-01")
                        .put("name", "加工中心 1")
                        .put("kind", "cnc")
                        .put("model", "VMC-850")
                        .put("idealCycleTimeSeconds", 42.5)
                        .put("ratedPowerKw", 22.0));
        assertThat(machine.status()).as(machine.body()).isEqualTo(201);
        String id = machine.json().getString("id");
        assertThat(post(
                                m,
                                "/api/v1/lines/" + l + "/machines",
                                new JsonObject()
                                        .put("code", "CNC-01")
                                        .put("name", "dup")
                                        .put("kind", "cnc"))
                        .status())
                .isEqualTo(409);
        assertThat(post(
                                m,
                                "/api/v1/lines/" + l + "/machines",
                                new JsonObject()
                                        .put("code", "X-1")
                                        .put("name", "x")
                                        .put("kind", "lathe"))
                        .status())
                .isEqualTo(400);
        assertThat(post(
                                m,
                                "/api/v1/lines/" + l + "/machines",
                                new JsonObject()
                                        .put("code", "X-1")
                                        .put("name", "x")
                                        .put("kind", "cnc")
                                        .put("idealCycleTimeSeconds", -1))
                        .status())
                .isEqualTo(400);

        // what the GET representation shows, the POST body used
        JsonObject shown = platform.get(m, "/api/v1/machines/" + id).json();
        for (String field : List.of("code", "name", "kind", "model", "idealCycleTimeSeconds", "ratedPowerKw")) {
            assertThat(shown.getValue(field)).as(field).isEqualTo(machine.json().getValue(field));
        }
        assertThat(platform.get(m, "/api/v1/lines/" + l + "/machines").array()).hasSize(1);

        // PATCH of each level
        assertThat(patch(m, "/api/v1/enterprises/" + e, new JsonObject().put("name", "新公司 2"))
                        .json()
                        .getString("name"))
                .isEqualTo("新公司 2");
        assertThat(patch(m, "/api/v1/plants/" + p, new JsonObject().put("timeZone", "Asia/Shanghai"))
                        .json()
                        .getString("timeZone"))
                .isEqualTo("Asia/Shanghai");
        assertThat(patch(m, "/api/v1/plants/" + p, new JsonObject().put("timeZone", "UTC+8"))
                        .status())
                .isEqualTo(400);
        assertThat(patch(m, "/api/v1/lines/" + l, new JsonObject().put("name", "机加线"))
                        .json()
                        .getString("name"))
                .isEqualTo("机加线");
        var renamed = patch(
                m,
                "/api/v1/machines/" + id,
                new JsonObject().put("name", "加工中心 一号").put("model", ""));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().getString("model")).isNull();
        assertThat(platform.get(m, "/api/v1/machines/" + id).json().getString("name"))
                .isEqualTo("加工中心 一号");
        assertThat(patch(m, "/api/v1/machines/" + id, new JsonObject().put("colour", "red"))
                        .status())
                .isEqualTo(400);
        assertThat(patch("bureau", "/api/v1/machines/" + id, new JsonObject().put("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(patch("acme-manager", "/api/v1/machines/" + id, new JsonObject().put("name", "x"))
                        .status())
                .isEqualTo(404);

        // a machine that never sent data can be deleted
        assertThat(platform.send(m, HttpMethod.DELETE, "/api/v1/machines/" + id, null)
                        .status())
                .isEqualTo(200);
        assertThat(platform.get(m, "/api/v1/machines/" + id).status()).isEqualTo(404);

        // every change is in the audit log
        JsonArray audit = platform.get("admin", "/api/v1/audit?limit=1000").array();
        List<String> actions =
                audit.stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertThat(actions)
                .contains(
                        "enterprise_created",
                        "plant_created",
                        "line_created",
                        "machine_created",
                        "enterprise_updated",
                        "plant_updated",
                        "line_updated",
                        "machine_updated",
                        "machine_deleted");
    }

    @Test
    void aMachineWithTelemetryIsRetiredNotDeletedAndItsHistoryStaysReadable() {
        String cnc = platform.acme.cncId().toString();
        var refused = platform.send("acme-manager", HttpMethod.DELETE, "/api/v1/machines/" + cnc, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("detail")).contains("retire");
        var retired = patch(
                "acme-manager", "/api/v1/machines/" + platform.acme.pressId(), new JsonObject().put("retired", true));
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        assertThat(retired.json().getString("retiredAt")).isNotNull();
        var series = platform.get(
                "acme-manager",
                "/api/v1/machines/" + platform.acme.pressId() + "/signals/state/series?from=" + platform.dataStart
                        + "&bucket=1m");
        assertThat(series.status()).as(series.body()).isEqualTo(200);
        assertThat(series.json().getJsonArray("points")).isNotEmpty();
        assertThat(platform.get("acme-manager", "/api/v1/machines/" + platform.acme.pressId() + "/oee")
                        .status())
                .isEqualTo(200);
        // and back into service
        assertThat(patch(
                                "acme-manager",
                                "/api/v1/machines/" + platform.acme.pressId(),
                                new JsonObject().put("retired", false))
                        .json()
                        .getString("retiredAt"))
                .isNull();
    }

    @Test
    void theIdealCycleTimeIsSetFromATimeOn() {
        String press = platform.acme.pressId().toString();
        var set = post(
                "acme-manager",
                "/api/v1/machines/" + press + "/ideal-cycle-times",
                new JsonObject()
                        .put("seconds", 2.5)
                        .put(
                                "effectiveFrom",
                                platform.dataStart.plusSeconds(1800).toString()));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        JsonArray steps = set.array();
        assertThat(steps).hasSize(2);
        assertThat(steps.getJsonObject(0).getValue("effectiveFrom")).isNull(); // the first value: for all time before
        assertThat(steps.getJsonObject(0).getDouble("seconds")).isEqualTo(3.0);
        assertThat(steps.getJsonObject(1).getDouble("seconds")).isEqualTo(2.5);
        assertThat(steps.getJsonObject(1).getString("setBy")).isEqualTo("acme-manager");
        assertThat(platform.get("acme-manager", "/api/v1/machines/" + press)
                        .json()
                        .getDouble("idealCycleTimeSeconds"))
                .isEqualTo(2.5);
        assertThat(platform.get("bureau", "/api/v1/machines/" + press + "/ideal-cycle-times")
                        .array())
                .hasSize(2);
        assertThat(post(
                                "bureau",
                                "/api/v1/machines/" + press + "/ideal-cycle-times",
                                new JsonObject().put("seconds", 1))
                        .status())
                .isEqualTo(403);
        assertThat(post(
                                "acme-manager",
                                "/api/v1/machines/" + press + "/ideal-cycle-times",
                                new JsonObject().put("seconds", "fast"))
                        .status())
                .isEqualTo(400);
        // the rated power (the energy meter's plausibility limit): set, refused out of range, cleared
        var rated = patch("acme-manager", "/api/v1/machines/" + press, new JsonObject().put("ratedPowerKw", 45.5));
        assertThat(rated.status()).as(rated.body()).isEqualTo(200);
        assertThat(rated.json().getDouble("ratedPowerKw")).isEqualTo(45.5);
        assertThat(platform.get("acme-manager", "/api/v1/machines/" + press)
                        .json()
                        .getDouble("ratedPowerKw"))
                .isEqualTo(45.5);
        for (Object bad : List.of(0, -3, 1_000_000, "big")) {
            var refused = patch("acme-manager", "/api/v1/machines/" + press, new JsonObject().put("ratedPowerKw", bad));
            assertThat(refused.status()).as("%s: %s", bad, refused.body()).isEqualTo(400);
            assertThat(refused.json().getString("detail")).contains("ratedPowerKw");
        }
        assertThat(patch("bureau", "/api/v1/machines/" + press, new JsonObject().put("ratedPowerKw", 1))
                        .status())
                .isEqualTo(403);
        assertThat(patch("acme-manager", "/api/v1/machines/" + press, new JsonObject().putNull("ratedPowerKw"))
                        .json()
                        .getValue("ratedPowerKw"))
                .isNull();
        // PATCH with idealCycleTimeSeconds applies from now on
        var patched =
                patch("acme-manager", "/api/v1/machines/" + press, new JsonObject().put("idealCycleTimeSeconds", 2.0));
        assertThat(patched.json().getDouble("idealCycleTimeSeconds")).isEqualTo(2.0);
        assertThat(platform.get("acme-manager", "/api/v1/machines/" + press + "/ideal-cycle-times")
                        .array())
                .hasSize(3);
    }
}
