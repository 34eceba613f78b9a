package org.tiangong.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.TestPlatform;

/** The caches of principals, visible machines and shared answers never outlive a change made on this instance. */
class RequestCachesTest {

    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aRevokedGrantHidesTheMachineOnTheNextRequestAndAGrantShowsIt() {
        String line = "/api/v1/lines/" + platform.acme.lineId();
        String oee = line + "/oee?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=day";
        // seen (and remembered) with the vendor's one granted machine, the press not granted
        assertThat(platform.get("vendor", line + "/status").json().getJsonArray("machines"))
                .hasSize(1);
        assertThat(platform.get("vendor", oee).json().getInteger("machineCount"))
                .isEqualTo(1);
        String grant = "/api/v1/enterprises/" + platform.acme.enterpriseId() + "/grants";
        var granted = platform.send(
                "acme-manager",
                HttpMethod.POST,
                grant,
                new JsonObject()
                        .put("vendorId", platform.vendorOrgId.toString())
                        .put("machineId", platform.acme.pressId().toString()));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(platform.get("vendor", line + "/status").json().getJsonArray("machines"))
                .hasSize(2);
        assertThat(platform.get("vendor", oee).json().getInteger("machineCount"))
                .isEqualTo(2);
        var revoked = platform.send(
                "acme-manager",
                HttpMethod.DELETE,
                grant + "/" + platform.vendorOrgId + "/" + platform.acme.pressId(),
                null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(platform.get("vendor", line + "/status").json().getJsonArray("machines"))
                .hasSize(1);
        assertThat(platform.get("vendor", oee).json().getInteger("machineCount"))
                .isEqualTo(1);
    }
}
