package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A plant manager edits the calendar, and OEE follows it. */
class CalendarApiTest {

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(
                ApiSettings.defaults(), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aBreakAndAPlannedStopReducePlannedTimeAndOeeFollows() {
        String plant = "/api/v1/plants/" + platform.acme.plantId();
        JsonObject before = platform.get("acme-manager", plant + "/calendar").json();
        assertThat(before.getBoolean("defaultShifts")).isTrue();
        assertThat(before.getJsonArray("shifts")).hasSize(3);
        assertThat(before.getString("timeZone")).isEqualTo("Asia/Shanghai");

        var put = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                plant + "/calendar",
                new JsonObject()
                        .put(
                                "shifts",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "白班 day")
                                                .put("start", "08:00")
                                                .put("end", "20:00"))
                                        .add(new JsonObject()
                                                .put("name", "夜班 night")
                                                .put("start", "20:00")
                                                .put("end", "08:00")))
                        .put(
                                "breaks",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("start", "19:30")
                                                .put("end", "19:40")
                                                .put("reason", "晚饭 dinner")))
                        .put("holidays", new JsonArray().add("2027-02-17")));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().getBoolean("defaultShifts")).isFalse();
        var stop = platform.send(
                "acme-manager",
                HttpMethod.POST,
                plant + "/planned-stops",
                new JsonObject()
                        .put("from", "2026-11-28T19:50:00+08:00")
                        .put("to", "2026-11-28T20:00:00+08:00")
                        .put("reason", "计划保养 maintenance"));
        assertThat(stop.status()).as(stop.toString()).isEqualTo(200);

        // 19:00–20:00 local: 3 600 s − 600 s dinner − 600 s maintenance = 2 400 s planned. Running 19:10–19:59:50,
        // minus what falls in the dinner break (600 s) and the stop (590 s): 2 990 − 1 190 = 1 800 s.
        var oee = platform.get(
                        "acme-manager",
                        "/api/v1/machines/" + platform.acme.cncId()
                                + "/oee?from=2026-11-28T19:00:00%2B08:00&to=2026-11-28T20:00:00%2B08:00")
                .json()
                .getJsonObject("total");
        assertThat(oee.getDouble("plannedProductionSeconds")).isEqualTo(2400.0);
        assertThat(oee.getDouble("runSeconds")).isCloseTo(1800.0, within(1e-6));

        var overlapping = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                plant + "/calendar",
                new JsonObject()
                        .put(
                                "shifts",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "a")
                                                .put("start", "08:00")
                                                .put("end", "16:00"))
                                        .add(new JsonObject()
                                                .put("name", "b")
                                                .put("start", "12:00")
                                                .put("end", "20:00"))));
        assertThat(overlapping.status()).isEqualTo(400);
        assertThat(overlapping.json().getString("detail")).contains("overlap");

        long id = stop.json().getLong("id");
        assertThat(platform.send("acme-manager", HttpMethod.DELETE, plant + "/planned-stops/" + id, null)
                        .status())
                .isEqualTo(200);
        assertThat(platform.send("acme-manager", HttpMethod.DELETE, plant + "/planned-stops/" + id, null)
                        .status())
                .isEqualTo(404);
        assertThat(platform.get("admin", "/api/v1/audit?action=calendar_changed")
                        .array())
                .hasSize(1);
    }
}
