package org.tiangong.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;

/**
 * API instances are stateless (issue #16): two ApiServers on one database, the second with its heavy reads on a read
 * pool (--db-read-url, here the same URL: there is no replica on this machine). A token issued by one validates on
 * the other (signing keys in the database); board viewers on both see the same machine state change; series reads of
 * the second go through its read pool.
 */
class ReplicatedApiTest {

    static TestPlatform first;
    static Database secondDb;
    static ApiServer second;
    static HttpTestClient secondHttp;
    static HttpClient sse;

    @BeforeAll
    static void start() throws Exception {
        first = new TestPlatform(ApiSettings.defaults(), Clock.systemUTC());
        String url = ((HikariDataSource) first.db.dataSource()).getJdbcUrl();
        // a second process's view of the same database, with a read pool on "the replica"
        secondDb = Database.open(DbSettings.of(url)).withReadPool(DbSettings.of(url));
        second = new ApiServer(first.vertx, secondDb, ApiSettings.defaults(), Clock.systemUTC());
        second.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get();
        secondHttp = new HttpTestClient(first.vertx, second.port());
        sse = first.vertx.createHttpClient();
    }

    @AfterAll
    static void stop() {
        sse.close();
        secondHttp.close();
        second.close();
        secondDb.close();
        first.close();
    }

    @Test
    void aTokenFromOneInstanceWorksOnTheOther() {
        String token = first.token("acme-manager");
        var r = secondHttp.send(HttpMethod.GET, "/api/v1/enterprises", "Bearer " + token, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains(first.acme.enterpriseId().toString());
        // and a login on the second is accepted by the first
        var login = secondHttp.send(
                HttpMethod.POST,
                "/api/v1/auth/login",
                null,
                new JsonObject()
                        .put("username", "admin")
                        .put("password", TestPlatform.PASSWORD)
                        .toBuffer());
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        var me = first.http.send(
                HttpMethod.GET, "/api/v1/enterprises", "Bearer " + login.json().getString("token"), null);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
    }

    @Test
    void boardViewersOnBothInstancesSeeTheSameStateChange() throws Exception {
        String line = first.acme.lineId().toString();
        String token = first.token("acme-manager");
        List<JsonObject> onFirst = watch(first.server.port(), line, token);
        List<JsonObject> onSecond = watch(second.port(), line, token);
        await().atMost(Duration.ofSeconds(20)).until(() -> !onFirst.isEmpty() && !onSecond.isEmpty());
        UUID cnc = first.acme.cncId();
        assertThat(stateOf(last(onFirst), cnc)).isNotEqualTo("fault");
        assertThat(stateOf(last(onSecond), cnc)).isNotEqualTo("fault");

        int stateSignal = new Jdbc(first.db.dataSource())
                .one("SELECT id FROM signal WHERE machine_id = ? AND name = 'state'", rs -> rs.getInt(1), cnc)
                .orElseThrow();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new TelemetryWriter(first.db.dataSource()).write(List.of(Sample.of(stateSignal, now, 4, 0)));

        await().atMost(Duration.ofSeconds(20)).until(() -> "fault".equals(stateOf(last(onFirst), cnc)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "fault".equals(stateOf(last(onSecond), cnc)));
        assertThat(sinceOf(last(onSecond), cnc)).isEqualTo(sinceOf(last(onFirst), cnc));
    }

    @Test
    void heavyReadsOfTheSecondInstanceGoToItsReadPool() throws Exception {
        String path = "/api/v1/machines/" + first.acme.pressId() + "/signals/"
                + org.tiangong.analytics.model.MachineKind.PRESS.processSignal().key() + "/series?from="
                + first.dataStart + "&to=" + first.dataStart.plusSeconds(3600);
        var r = secondHttp.send(HttpMethod.GET, path, "Bearer " + first.token("acme-manager"), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("\"avg\":50");
        // the series query ran on a connection of the read pool (named tiangong-read, read-only), not the primary's
        List<String> readPoolQueries = lastQueries("tiangong-read");
        // (the series reads the per-minute/hour rollups and the raw edges in one statement, issue 17)
        assertThat(readPoolQueries).anyMatch(q -> q.contains("FROM signal_hour WHERE signal_id = $"));
        assertThat(lastQueries("tiangong-db")).noneMatch(q -> q.contains("FROM signal_hour WHERE signal_id = $"));
    }

    /** The last statement of each session of this database with the application name. */
    static List<String> lastQueries(String applicationName) throws Exception {
        return new Jdbc(first.db.dataSource())
                .list(
                        "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
                        rs -> rs.getString(1),
                        applicationName);
    }

    static List<JsonObject> watch(int port, String lineId, String token) {
        List<JsonObject> boards = new CopyOnWriteArrayList<>();
        StringBuilder pending = new StringBuilder();
        sse.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setPort(port)
                        .setHost("localhost")
                        .setURI("/api/v1/lines/" + lineId + "/board/stream")
                        .putHeader("Authorization", "Bearer " + token))
                .compose(r -> r.send())
                .onSuccess(r -> r.handler(chunk -> {
                    synchronized (pending) {
                        pending.append(chunk.toString());
                        int end;
                        while ((end = pending.indexOf("\n\n")) >= 0) {
                            String e = pending.substring(0, end);
                            pending.delete(0, end + 2);
                            if (e.contains("event: board"))
                                boards.add(new JsonObject(e.substring(e.indexOf("data: ") + 6)));
                        }
                    }
                }));
        return boards;
    }

    static JsonObject last(List<JsonObject> boards) {
        return boards.get(boards.size() - 1);
    }

    static String stateOf(JsonObject board, UUID machine) {
        return machine(board, machine).getString("state");
    }

    static String sinceOf(JsonObject board, UUID machine) {
        return machine(board, machine).getString("since");
    }

    static JsonObject machine(JsonObject board, UUID machine) {
        return board.getJsonArray("machines").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(machine.toString()))
                .findFirst()
                .orElseThrow();
    }
}
