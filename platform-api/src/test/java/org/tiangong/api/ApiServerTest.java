package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API against a running server, a real database and Vert.x's WebClient, as ACME's plant manager. */
class ApiServerTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Instant T = NOW.minusSeconds(3600);
    static final String USER = "acme-manager";

    static TestPlatform platform;
    static String lineId;
    static String cncId;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        lineId = platform.acme.lineId().toString();
        cncId = platform.acme.cncId().toString();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static HttpTestClient.Response get(String path) {
        return platform.get(USER, path);
    }

    @Test
    void healthNamesTheStorageEngineWithoutLogin() {
        var r = platform.http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("status")).isEqualTo("UP");
        assertThat(r.json().getString("storage")).matches("(timescaledb|postgresql) .+");
    }

    @Test
    void walksTheHierarchy() {
        JsonArray enterprises = get("/api/v1/enterprises").array();
        assertThat(enterprises).hasSize(1);
        assertThat(enterprises.getJsonObject(0).getString("name")).isEqualTo("测试企业 ACME");
        String enterpriseId = enterprises.getJsonObject(0).getString("id");
        String plantId = get("/api/v1/enterprises/" + enterpriseId + "/plants")
                .array()
                .getJsonObject(0)
                .getString("id");
        assertThat(get("/api/v1/plants/" + plantId + "/lines")
                        .array()
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo(lineId);
        JsonArray machines = get("/api/v1/lines/" + lineId + "/machines").array();
        assertThat(machines).hasSize(2);
        JsonObject cnc = machines.getJsonObject(0);
        assertThat(cnc.getString("code")).isEqualTo("CNC-01");
        assertThat(cnc.getString("state")).isEqualTo("running");
        assertThat(cnc.getString("lastSampleAt")).isEqualTo(T.plusSeconds(3590).toString());
    }

    @Test
    void machineShowsCurrentValuesAndSignals() {
        JsonObject m = get("/api/v1/machines/" + cncId).json();
        assertThat(m.getString("kind")).isEqualTo("cnc");
        assertThat(m.getString("state")).isEqualTo("running");
        assertThat(m.getJsonObject("current").getJsonObject("spindle_load").getDouble("value"))
                .isEqualTo(50.0);
        assertThat(m.getJsonArray("signals")).hasSize(2);
    }

    @Test
    void seriesIsBucketed() {
        var r = get(
                "/api/v1/machines/" + cncId + "/signals/spindle_load/series?from=" + T + "&to=" + NOW + "&bucket=15m");
        assertThat(r.status()).isEqualTo(200);
        JsonArray points = r.json().getJsonArray("points");
        assertThat(points).hasSize(4);
        assertThat(points.getJsonObject(0).getLong("count")).isEqualTo(90);
        assertThat(points.getJsonObject(0).getDouble("avg")).isEqualTo(50.0);
        assertThat(r.json().getString("unit")).isEqualTo("%");
    }

    @Test
    void utilizationIsRunningTimeOverElapsedTime() {
        // +08:00 offsets are accepted: the same instants as T and NOW
        var r = get("/api/v1/machines/" + cncId
                + "/utilization?from=2026-11-28T19:00:00%2B08:00&to=2026-11-28T20:00:00%2B08:00");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonObject u = r.json();
        assertThat(u.getJsonObject("secondsByState").getDouble("idle")).isEqualTo(600.0);
        assertThat(u.getJsonObject("secondsByState").getDouble("running")).isCloseTo(2990.0, within(1e-6));
        assertThat(u.getJsonObject("secondsByState").getDouble("no_data")).isCloseTo(10.0, within(1e-6));
        assertThat(u.getDouble("utilization")).isCloseTo(2990.0 / 3600.0, within(1e-9));
    }

    @Test
    void oeeComesByShiftWithTheTimesBehindIt() {
        // Default calendar: three 8-hour shifts in Asia/Shanghai. The hour of data (19:00–20:00 local) lies in the
        // 16:00–24:00 shift; the fixture has no part counters, so performance and quality are unknown (null).
        var r = get(
                "/api/v1/machines/" + cncId + "/oee?from=2026-11-28T19:00:00%2B08:00&to=2026-11-28T20:00:00%2B08:00");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonObject total = r.json().getJsonObject("total");
        assertThat(total.getDouble("plannedProductionSeconds")).isEqualTo(3600.0);
        assertThat(total.getDouble("runSeconds")).isCloseTo(2990.0, within(1e-6));
        // the last sample is from 19:59:50: the last 10 s have no data, which is neither run time nor a loss
        assertThat(total.getDouble("plannedWithDataSeconds")).isCloseTo(3590.0, within(1e-6));
        assertThat(total.getDouble("dataCoverage")).isCloseTo(3590.0 / 3600, within(1e-9));
        assertThat(total.getDouble("availability")).isCloseTo(2990.0 / 3590, within(1e-9));
        assertThat(total.getValue("quality")).isNull();
        assertThat(total.getValue("oee")).isNull();
        assertThat(r.json().getJsonArray("buckets"))
                .singleElement()
                .satisfies(b -> assertThat(((JsonObject) b).getString("label")).isEqualTo("2026-11-28 中班 evening"));
        assertThat(get("/api/v1/machines/" + cncId + "/oee?granularity=week").status())
                .isEqualTo(400);
        // The line holds the CNC and the press with the same state history: the line's availability is the same.
        var line = get("/api/v1/lines/" + lineId
                + "/oee?from=2026-11-28T19:00:00%2B08:00&to=2026-11-28T20:00:00%2B08:00&granularity=hour");
        assertThat(line.status()).as(line.toString()).isEqualTo(200);
        assertThat(line.json().getInteger("machineCount")).isEqualTo(2);
        assertThat(line.json().getJsonObject("total").getDouble("plannedProductionSeconds"))
                .isEqualTo(7200.0);
        assertThat(line.json().getJsonObject("total").getDouble("availability")).isCloseTo(2990.0 / 3590, within(1e-9));
        assertThat(line.json().getJsonObject("total").getDouble("dataCoverage")).isCloseTo(3590.0 / 3600, within(1e-9));
        assertThat(line.json().getJsonArray("buckets"))
                .singleElement()
                .satisfies(b -> assertThat(((JsonObject) b).getString("label")).isEqualTo("2026-11-28 19:00"));
        // a year by shift or day (rollups), a month by hour, a month of downtime (raw state changes)
        assertThat(get("/api/v1/machines/" + cncId + "/oee?from=2026-09-01T00:00:00Z&to=2026-11-28T00:00:00Z")
                        .status())
                .isEqualTo(200);
        var tooLong = get("/api/v1/machines/" + cncId + "/oee?from=2025-11-01T00:00:00Z&to=2026-11-28T00:00:00Z");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().getString("detail")).contains("366 days");
        assertThat(get("/api/v1/machines/" + cncId
                                + "/oee?granularity=hour&from=2026-09-01T00:00:00Z&to=2026-11-28T00:00:00Z")
                        .status())
                .isEqualTo(400);
        assertThat(get("/api/v1/machines/" + cncId + "/downtime?from=2026-09-01T00:00:00Z&to=2026-11-28T00:00:00Z")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theAndonBoardShowsEachMachinesStateSinceWhenAndItsShiftSoFar() {
        var r = get("/api/v1/lines/" + lineId + "/status");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonObject cnc = r.json().getJsonArray("machines").getJsonObject(0);
        assertThat(cnc.getString("code")).isEqualTo("CNC-01");
        // The clock stands at 20:00 local; the last sample is from 19:59:50: running since 19:10.
        assertThat(cnc.getString("state")).isEqualTo("running");
        assertThat(cnc.getString("since")).isEqualTo(T.plusSeconds(600).toString());
        JsonObject shift = cnc.getJsonObject("shift");
        assertThat(shift.getString("label")).isEqualTo("2026-11-28 中班 evening");
        // evening shift 16:00–20:00 so far, up to the newest sample of a live machine (the 10 s after 19:59:50 are in
        // flight, not a gap): 14 390 s planned, 2 990 s running; data only since 19:00 (3 590 s)
        assertThat(shift.getDouble("plannedProductionSeconds")).isEqualTo(4 * 3600.0 - 10);
        assertThat(shift.getDouble("runSeconds")).isCloseTo(2990.0, within(1e-6));
        assertThat(shift.getDouble("dataCoverage")).isCloseTo(3590.0 / 14_390, within(1e-9));
        assertThat(shift.getDouble("availability")).isCloseTo(2990.0 / 3590, within(1e-9));
    }

    @Test
    void downtimeAndEnergyOfAMachineAndItsLine() {
        String window = "?from=2026-11-28T19:00:00%2B08:00&to=2026-11-28T20:00:00%2B08:00";
        var d = get("/api/v1/machines/" + cncId + "/downtime" + window);
        assertThat(d.status()).as(d.toString()).isEqualTo(200);
        // idle for the first 10 minutes; no fault, so MTBF and MTTR are unknown
        assertThat(d.json().getJsonArray("reasons")).singleElement().satisfies(r -> {
            assertThat(((JsonObject) r).getString("reason")).isEqualTo("待机 idle");
            assertThat(((JsonObject) r).getDouble("seconds")).isEqualTo(600.0);
        });
        assertThat(d.json().getValue("mtbfSeconds")).isNull();
        var line = get("/api/v1/lines/" + lineId + "/downtime" + window).json();
        assertThat(line.getJsonArray("reasons").getJsonObject(0).getDouble("seconds"))
                .isEqualTo(1200.0);
        assertThat(line.getJsonArray("reasons").getJsonObject(0).getLong("occurrences"))
                .isEqualTo(2);
        var e = get("/api/v1/machines/" + cncId + "/energy" + window).json();
        assertThat(e.getDouble("totalKwh")).isEqualTo(0.0);
        assertThat(e.getValue("kwhPerGoodPart")).isNull();
        assertThat(get("/api/v1/machines/" + cncId + "/downtime?microStopSeconds=-1")
                        .status())
                .isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/machines/not-a-uuid|400|must be a UUID",
                "/api/v1/machines/00000000-0000-0000-0000-000000000000|404|no such machine",
                "/api/v1/enterprises/00000000-0000-0000-0000-000000000000/plants|404|no such enterprise",
                "/api/v1/plants/00000000-0000-0000-0000-000000000000/lines|404|no such plant",
                "/api/v1/lines/00000000-0000-0000-0000-000000000000/machines|404|no such line",
                "/api/v1/lines/%27%3B%20DROP%20TABLE%20machine%3B--/machines|400|must be a UUID",
                "/api/v1/nothing-here|404|not found",
            })
    void clientMistakesGetA4xxWithAJsonReason(String path, int status, String detail) {
        var r = get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().getString("detail")).contains(detail);
        assertThat(r.json().getString("error")).isNotBlank();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z|from must be before to",
                "from=yesterday|from must be an ISO-8601 time",
                "from=2026-11-28T10:00:00|from must be an ISO-8601 time",
                "to=99999-01-01T00:00:00Z|to must be an ISO-8601 time",
                "from=1900-01-01T00:00:00Z|between 1970 and 2200",
                "from=2020-01-01T00:00:00Z|at most 400 days",
                "bucket=5w|bucket must be a number and a unit",
                "bucket=0m|bucket must be a number and a unit",
                "bucket=99999999999999999999s|bucket must be a number and a unit",
                "bucket=40d|at most 31d",
                "from=2026-11-20T00:00:00Z&bucket=1s|at most 10000 per request",
            })
    void badQueryParametersGet400(String query, String detail) {
        var r = get("/api/v1/machines/" + cncId + "/signals/spindle_load/series?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().getString("detail")).contains(detail);
    }

    @Test
    void anUnknownSignalIs404() {
        var r = get("/api/v1/machines/" + cncId + "/signals/oil_level/series");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().getString("detail")).contains("canonical signals are");
        var notMapped = get("/api/v1/machines/" + cncId + "/signals/furnace_temp/series");
        assertThat(notMapped.status()).isEqualTo(404);
    }

    @Test
    void aWrongMethodOrAnOversizedBodyIsRefusedWithJson() {
        var r = platform.send(USER, HttpMethod.PUT, "/api/v1/enterprises", new JsonObject());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().getString("error")).isEqualTo("method_not_allowed");
        var big = platform.http.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                Buffer.buffer(new byte[(int) ApiServer.BODY_LIMIT_BYTES + 10]));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().getString("error")).isEqualTo("payload_too_large");
    }
}
