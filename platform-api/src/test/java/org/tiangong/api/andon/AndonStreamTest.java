package org.tiangong.api.andon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/** The live board stream: one computation shared by every viewer, each viewer's own view, stops and their reasons. */
class AndonStreamTest {

    static TestPlatform platform;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        client = platform.vertx.createHttpClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        platform.close();
    }

    /** The raw events ("id: …\nevent: board\ndata: …") one viewer receives, in order. */
    static List<String> watch(String user, String lineId) {
        List<String> events = new CopyOnWriteArrayList<>();
        StringBuilder pending = new StringBuilder();
        client.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setPort(platform.server.port())
                        .setHost("localhost")
                        .setURI("/api/v1/lines/" + lineId + "/board/stream")
                        .putHeader("Authorization", "Bearer " + platform.token(user)))
                .compose(r -> r.send())
                .onSuccess(r -> {
                    assertThat(r.getHeader("content-type")).startsWith("text/event-stream");
                    r.handler(chunk -> {
                        synchronized (pending) {
                            pending.append(chunk.toString());
                            int end;
                            while ((end = pending.indexOf("\n\n")) >= 0) {
                                String e = pending.substring(0, end);
                                pending.delete(0, end + 2);
                                if (e.contains("event: board")) events.add(e);
                            }
                        }
                    });
                });
        return events;
    }

    static JsonObject data(String event) {
        return new JsonObject(event.substring(event.indexOf("data: ") + 6));
    }

    @Test
    void everyViewerOfABoardGetsTheSameComputedEvent() {
        String line = platform.acme.lineId().toString();
        List<String> a = watch("acme-manager", line);
        List<String> b = watch("admin", line);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.size() >= 3 && b.size() >= 3);
        // the same event (same id, same bytes) reaches both: it was computed once
        String last = a.get(a.size() - 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.contains(last));
        JsonObject board = data(last);
        assertThat(board.getJsonObject("line").getString("code")).isEqualTo("L1");
        assertThat(board.getJsonObject("plant").getString("timeZone")).isNotBlank();
        assertThat(board.getJsonArray("machines")).hasSize(2);
    }

    @Test
    void aVendorsBoardHoldsOnlyItsGrantedMachine() {
        List<String> events = watch("vendor", platform.acme.lineId().toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> !events.isEmpty());
        var machines = data(events.get(0)).getJsonArray("machines");
        assertThat(machines).hasSize(1);
        assertThat(machines.getJsonObject(0).getString("id"))
                .isEqualTo(platform.acme.cncId().toString());
    }

    @Test
    void anotherEnterprisesStreamIsNotFound() {
        var r = platform.get("acme-manager", "/api/v1/lines/" + platform.rival.lineId() + "/board/stream");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().getString("error")).isEqualTo("not_found");
    }

    @Test
    void stopsAreListedAndOnlyThoseNoAlarmNamesCanBeClassified() throws Exception {
        int state = new org.tiangong.analytics.db.Jdbc(platform.db.dataSource())
                .one(
                        "SELECT id FROM signal WHERE machine_id = ? AND name = 'state'",
                        rs -> rs.getInt(1),
                        platform.rival.pressId())
                .orElseThrow();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new TelemetryWriter(platform.db.dataSource())
                .write(List.of(
                        Sample.of(state, now.minusSeconds(300), 3, 0), Sample.of(state, now.minusSeconds(60), 2, 0)));
        String base = "/api/v1/machines/" + platform.rival.pressId();
        var stops = platform.get("rival-manager", base + "/stops").array();
        JsonObject setup = stops.stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("state").equals("setup"))
                .findFirst()
                .orElseThrow();
        assertThat(setup.getBoolean("classifiable")).isTrue();
        assertThat(Instant.parse(setup.getString("start"))).isEqualTo(now.minusSeconds(300));

        String path = base + "/stops/" + setup.getString("start") + "/reason";
        assertThat(platform.send("rival-manager", HttpMethod.PUT, path, new JsonObject().put("code", 123456))
                        .status())
                .isEqualTo(400);
        assertThat(platform.send(
                                "rival-manager",
                                HttpMethod.PUT,
                                base + "/stops/" + now.minusSeconds(299) + "/reason",
                                new JsonObject().put("code", 9001))
                        .status())
                .isEqualTo(404);
        assertThat(platform.send("acme-manager", HttpMethod.PUT, path, new JsonObject().put("code", 9001))
                        .status())
                .isEqualTo(404);
        var saved = platform.send("rival-manager", HttpMethod.PUT, path, new JsonObject().put("code", 9001));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().getJsonObject("classification").getString("by")).isEqualTo("rival-manager");

        var downtime = platform.get("rival-manager", base + "/downtime?from=" + now.minusSeconds(900))
                .json();
        assertThat(downtime.getJsonArray("reasons").stream().map(r -> ((JsonObject) r).getString("reason")))
                .contains("等待物料 waiting for material")
                .doesNotContain("换型调整 setup / changeover");
        var timeline = platform.get("rival-manager", base + "/state-intervals?from=" + now.minusSeconds(900))
                .array();
        assertThat(timeline.stream().map(i -> ((JsonObject) i).getString("state")))
                .contains("setup", "running");
    }
}
