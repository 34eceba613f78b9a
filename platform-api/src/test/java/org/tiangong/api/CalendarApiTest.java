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

    static JsonObject shift(String name, String start, String end) {
        return new JsonObject().put("name", name).put("start", start).put("end", end);
    }

    /**
     * RIVAL's line works two shifts (08:00–16:00, 16:00–24:00) while its plant keeps the default three. Saturday
     * 11-28 up to now (20:00 local): each machine was planned 00:00–20:00 (72 000 s) by the plant, 08:00–20:00 (43 200
     * s) by the line: the night shift is not charged. A machine with a night shift of its own is planned only then.
     */
    @Test
    void aLineThatWorksTwoShiftsIsNotChargedForTheThird() {
        String line = "/api/v1/lines/" + platform.rival.lineId();
        String day = "/oee?from=2026-11-28T00:00:00%2B08:00&to=2026-11-29T00:00:00%2B08:00";
        JsonObject inherited = platform.get("rival-manager", line + "/calendar").json();
        assertThat(inherited.getBoolean("inherited")).isTrue();
        assertThat(inherited.getString("source")).isEqualTo("plant");
        assertThat(inherited.getJsonArray("shifts")).hasSize(3);
        assertThat(platform.get("rival-manager", line + day)
                        .json()
                        .getJsonObject("total")
                        .getDouble("plannedProductionSeconds"))
                .isEqualTo(2 * 72_000.0);

        JsonArray twoShifts = new JsonArray()
                .add(shift("早班 morning", "08:00", "16:00")
                        .put(
                                "days",
                                new JsonArray()
                                        .add(1)
                                        .add(2)
                                        .add(3)
                                        .add(4)
                                        .add(5)
                                        .add(6)))
                .add(shift("中班 evening", "16:00", "00:00")
                        .put(
                                "days",
                                new JsonArray()
                                        .add(1)
                                        .add(2)
                                        .add(3)
                                        .add(4)
                                        .add(5)
                                        .add(6)));
        var put = platform.send(
                "rival-manager", HttpMethod.PUT, line + "/calendar", new JsonObject().put("shifts", twoShifts));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().getString("source")).isEqualTo("line");
        assertThat(put.json()
                        .getJsonArray("shifts")
                        .getJsonObject(0)
                        .getJsonArray("days")
                        .getList())
                .containsExactly(1, 2, 3, 4, 5, 6);
        JsonObject total = platform.get("rival-manager", line + day).json().getJsonObject("total");
        assertThat(total.getDouble("plannedProductionSeconds")).isEqualTo(2 * 43_200.0);
        // data 19:00–19:59:50 on each machine, running from 19:10: availability over the time with data
        assertThat(total.getDouble("plannedWithDataSeconds")).isCloseTo(2 * 3_590.0, within(1e-6));
        assertThat(total.getDouble("dataCoverage")).isCloseTo(3_590.0 / 43_200, within(1e-12));
        assertThat(total.getDouble("availability")).isCloseTo(2_990.0 / 3_590, within(1e-12));

        // the CNC works nights only: 00:00–08:00 had no data, so it has planned time but no availability
        String cnc = "/api/v1/machines/" + platform.rival.cncId();
        var night = platform.send(
                "rival-manager",
                HttpMethod.PUT,
                cnc + "/calendar",
                new JsonObject().put("shifts", new JsonArray().add(shift("夜班 night", "00:00", "08:00"))));
        assertThat(night.status()).as(night.toString()).isEqualTo(200);
        assertThat(night.json().getString("source")).isEqualTo("machine");
        JsonObject cncTotal = platform.get("rival-manager", cnc + day).json().getJsonObject("total");
        assertThat(cncTotal.getDouble("plannedProductionSeconds")).isEqualTo(28_800.0);
        assertThat(cncTotal.getDouble("dataCoverage")).isEqualTo(0.0);
        assertThat(cncTotal.getValue("availability")).isNull();

        var badDays = platform.send(
                "rival-manager",
                HttpMethod.PUT,
                line + "/calendar",
                new JsonObject()
                        .put(
                                "shifts",
                                new JsonArray().add(shift("x", "08:00", "16:00").put("days", new JsonArray().add(0)))));
        assertThat(badDays.status()).isEqualTo(400);
        assertThat(badDays.json().getString("detail")).contains("shifts[0].days");

        // empty lists: both inherit again
        for (String own : java.util.List.of(cnc, line)) {
            var reset = platform.send(
                    "rival-manager",
                    HttpMethod.PUT,
                    own + "/calendar",
                    new JsonObject().put("shifts", new JsonArray()));
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.json().getBoolean("inherited")).isTrue();
        }
        assertThat(platform.get("rival-manager", cnc + "/calendar").json().getString("source"))
                .isEqualTo("plant");
    }
}
