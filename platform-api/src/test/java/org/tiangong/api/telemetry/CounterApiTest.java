package org.tiangong.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachineKind;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/** A counter's ceiling is set by its plant's manager, validated; the re-base it causes is shown (issue #15). */
class CounterApiTest {

    static TestPlatform platform;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(
                ApiSettings.defaults(), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        base = "/api/v1/machines/" + platform.acme.cncId();
        Map<CanonicalSignal, Integer> ids = new TopologyRegistry(platform.db.dataSource())
                .registerSignals(
                        MachinePath.parse(platform.acme.code() + "/P1/L1/CNC-01"),
                        MachineKind.CNC,
                        Map.of(CanonicalSignal.STATE, "s", CanonicalSignal.PARTS_GOOD, "g"));
        Instant t = Instant.parse("2026-11-28T11:00:00Z");
        int good = ids.get(CanonicalSignal.PARTS_GOOD);
        // 11 460 → 11 461 → 11 400 five seconds later: a restored retentive counter, not 11 400 new parts
        new TelemetryWriter(platform.db.dataSource())
                .write(List.of(
                        Sample.of(good, t, 11_460, 0),
                        Sample.of(good, t.plusSeconds(40), 11_461, 0),
                        Sample.of(good, t.plusSeconds(45), 11_400, 0)));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void theManagerSetsACeilingAndBadInputIsA400() {
        var ok = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                base + "/signals/parts_good/counter-limit",
                new JsonObject().put("maxPerHour", 240));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().getDouble("maxPerHour")).isEqualTo(240.0);
        for (JsonObject bad : List.of(
                new JsonObject().put("maxPerHour", "fast"),
                new JsonObject().put("maxPerHour", -1),
                new JsonObject().put("maxPerHour", 1e12),
                new JsonObject())) {
            var r = platform.send("acme-manager", HttpMethod.PUT, base + "/signals/parts_good/counter-limit", bad);
            assertThat(r.status()).as(bad.encode()).isEqualTo(400);
            assertThat(r.json().getString("error")).isNotBlank();
            assertThat(r.json().getString("detail")).contains("maxPerHour");
        }
        var notACounter = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                base + "/signals/state/counter-limit",
                new JsonObject().put("maxPerHour", 10));
        assertThat(notACounter.status()).isEqualTo(400);
        var cleared = platform.send(
                "acme-manager",
                HttpMethod.PUT,
                base + "/signals/parts_good/counter-limit",
                new JsonObject().putNull("maxPerHour"));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    }

    @Test
    void onlyManagersAndAdminsOfTheMachineMaySetIt() {
        JsonObject body = new JsonObject().put("maxPerHour", 100);
        String path = base + "/signals/parts_good/counter-limit";
        assertThat(platform.send("bureau", HttpMethod.PUT, path, body).status()).isEqualTo(403);
        assertThat(platform.send("vendor", HttpMethod.PUT, path, body).status()).isEqualTo(403);
        assertThat(platform.send("rival-manager", HttpMethod.PUT, path, body).status())
                .isEqualTo(404);
        assertThat(platform.send("admin", HttpMethod.PUT, path, body).status()).isEqualTo(200);
    }

    @Test
    void theReBaseIsShown() {
        var r = platform.get(
                "acme-manager", base + "/counter-events?from=2026-11-28T10:00:00Z&to=2026-11-28T12:00:00Z");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().getJsonArray("events")).hasSize(1);
        JsonObject e = r.json().getJsonArray("events").getJsonObject(0);
        assertThat(e.getString("kind")).isEqualTo("rebase");
        assertThat(e.getString("signal")).isEqualTo("parts_good");
        assertThat(e.getString("message")).isEqualTo("counter re-based at 2026-11-28T11:00:45Z from 11461 to 11400");
        assertThat(platform.get("rival-manager", base + "/counter-events").status())
                .isEqualTo(404);
        assertThat(platform.get(
                                "acme-manager",
                                base + "/counter-events?from=2026-09-01T00:00:00Z&to=2026-11-28T12:00:00Z")
                        .status())
                .isEqualTo(400);
    }
}
