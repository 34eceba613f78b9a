package org.tiangong.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.AdvisoryLockLeader;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.HttpTestClient;

/**
 * The maintenance leader (issue #16): two instances' leaders on one database, one runs the work; killing its lock
 * session moves the work to the other; /health of each API instance says which one leads.
 */
class MaintenanceLeaderTest {

    static Database db;

    @BeforeAll
    static void open() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** The work of one instance: counts its starts, stops and the ticks it ran while started. */
    static final class CountingWork implements AdvisoryLockLeader.Work {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public AutoCloseable start() {
            starts.incrementAndGet();
            return stops::incrementAndGet;
        }

        boolean running() {
            return starts.get() > stops.get();
        }
    }

    @Test
    void exactlyOneInstanceRunsTheWorkAndAnotherTakesOverWhenItsSessionDies() throws Exception {
        CountingWork workA = new CountingWork(), workB = new CountingWork();
        try (AdvisoryLockLeader a = new AdvisoryLockLeader(db::openDedicated, 42, "api-a", workA).start();
                AdvisoryLockLeader b = new AdvisoryLockLeader(db::openDedicated, 42, "api-b", workB).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> a.leading() || b.leading());
            // several checks of both later, still exactly one leader, and only its work ever started
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> a.leading() ^ b.leading());
            AdvisoryLockLeader first = a.leading() ? a : b, second = first == a ? b : a;
            CountingWork firstWork = first == a ? workA : workB, secondWork = first == a ? workB : workA;
            assertThat(firstWork.starts).hasValue(1);
            assertThat(firstWork.running()).isTrue();
            assertThat(secondWork.starts).hasValue(0);
            // both tell the same leader (what /health shows)
            await().atMost(Duration.ofSeconds(10)).until(() -> first.instance().equals(second.leader()));
            assertThat(first.leader()).isEqualTo(first.instance());
            assertThat(sessionsNamed("tiangong-leader:" + first.instance())).isEqualTo(1);

            // the leader's lock session dies (as when its process or its network goes)
            terminate("tiangong-leader:" + first.instance());

            await().atMost(Duration.ofSeconds(20)).until(second::leading);
            assertThat(secondWork.starts).hasValue(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !firstWork.running());
            assertThat(firstWork.stops).hasValue(1);
            // the old leader reconnects as a follower: the work does not come back to it
            await().atMost(Duration.ofSeconds(20)).until(() -> second.instance().equals(first.leader()));
            assertThat(first.leading()).isFalse();
            assertThat(firstWork.starts).hasValue(1);
        }
        // closing stops the work and gives up the lock
        assertThat(workA.running()).isFalse();
        assertThat(workB.running()).isFalse();
        // the lock sessions end (the server notices a closed connection a moment later)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessionsNamed("tiangong-leader:api-a") + sessionsNamed("tiangong-leader:api-b") == 0);
    }

    @Test
    void differentLocksLeadIndependently() {
        CountingWork one = new CountingWork(), two = new CountingWork();
        try (AdvisoryLockLeader a = new AdvisoryLockLeader(db::openDedicated, 7, "x", one).start();
                AdvisoryLockLeader b = new AdvisoryLockLeader(db::openDedicated, 8, "x", two).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> a.leading() && b.leading());
        }
    }

    @Test
    void healthOfEachApiInstanceNamesTheLeader() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (AdvisoryLockLeader la =
                        ApiCommand.maintenanceLeader(db, null, "api-1").start();
                AdvisoryLockLeader lb =
                        ApiCommand.maintenanceLeader(db, null, "api-2").start()) {
            ApiServer one = new ApiServer(vertx, db, ApiSettings.defaults(), Clock.systemUTC())
                    .healthField("maintenance", () -> ApiCommand.maintenanceStatus(la));
            ApiServer two = new ApiServer(vertx, db, ApiSettings.defaults(), Clock.systemUTC())
                    .healthField("maintenance", () -> ApiCommand.maintenanceStatus(lb));
            one.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get();
            two.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get();
            try (HttpTestClient h1 = new HttpTestClient(vertx, one.port());
                    HttpTestClient h2 = new HttpTestClient(vertx, two.port())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    JsonObject m1 = h1.get("/health").json().getJsonObject("maintenance");
                    JsonObject m2 = h2.get("/health").json().getJsonObject("maintenance");
                    return m1.getString("leader") != null
                            && m1.getString("leader").equals(m2.getString("leader"))
                            && m1.getBoolean("leading") != m2.getBoolean("leading");
                });
                JsonObject m1 = h1.get("/health").json().getJsonObject("maintenance");
                assertThat(m1.getString("instance")).isEqualTo("api-1");
                assertThat(m1.getString("leader")).isEqualTo(m1.getBoolean("leading") ? "api-1" : "api-2");
            } finally {
                one.close();
                two.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static int sessionsNamed(String pattern) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ? AND datname = current_database()")) {
            ps.setString(1, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void terminate(String applicationName) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }
}
