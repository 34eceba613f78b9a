package org.tiangong.collector.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.testing.TestDatabases;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.collector.ingest.SampleQueue;

/**
 * The collector re-checks every platform endpoint against its enterprise's allow-list of targets (issue #11): an
 * endpoint stored before the list changed is not connected. Loopback only: 127.0.0.1 is on the list, 127.0.0.2 is
 * not, and both point at a closed port, so nothing answers even where a connection is allowed.
 */
class AllowListRecheckTest {

    @TempDir
    Path dir;

    @Test
    void endpointsOffTheListAreNotConnectedAndStopWhenTheListDropsThem() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Database db = TestDatabases.fresh()) {
            TopologyRegistry registry = new TopologyRegistry(db.dataSource());
            UUID mt1 = HotReloadTest.machine(db, registry, "MT-01");
            UUID mt2 = HotReloadTest.machine(db, registry, "MT-02");
            UUID enterprise = new Jdbc(db.dataSource())
                    .one("SELECT id FROM enterprise WHERE code = 'CON'", rs -> rs.getObject(1, UUID.class))
                    .orElseThrow();
            ConnectStore store = new ConnectStore(db.dataSource());
            store.targets().replace(enterprise, List.of("127.0.0.1"), null);
            UUID allowed = endpoint(store, enterprise, "allowed", "opc.tcp://127.0.0.1:" + closedPort + "/tiangong");
            // stored directly, as an endpoint saved before the list changed would be
            UUID offList = endpoint(store, enterprise, "off-list", "opc.tcp://127.0.0.2:" + closedPort + "/tiangong");
            store.replaceMapping(mt1, List.of(HotReloadTest.stateEntry(allowed, "MT-01")));
            store.replaceMapping(mt2, List.of(HotReloadTest.stateEntry(offList, "MT-02")));

            var options = new DatabaseEndpoints.Options(
                    PlatformFiles.at(dir.resolve("platform"), Map.of()),
                    Duration.ofMillis(200),
                    Duration.ofMinutes(5),
                    100,
                    10);
            try (DatabaseEndpoints endpoints = new DatabaseEndpoints(store, new SampleQueue(1000), options).start()) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> endpoints.subscriberOf(allowed).isPresent()
                                && endpoints.refused().containsKey(offList));
                assertThat(endpoints.subscriberOf(offList)).isEmpty();
                assertThat(endpoints.refused()).containsEntry(offList, DatabaseEndpoints.NOT_ON_ALLOW_LIST);
                assertThat(endpoints.refused()).doesNotContainKey(allowed);

                // the list changes under a running endpoint: it stops, and says why
                store.targets().replace(enterprise, List.of("127.0.0.3"), null);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> endpoints.subscriberOf(allowed).isEmpty()
                                && endpoints.refused().containsKey(allowed));
                assertThat(endpoints.refused()).containsEntry(allowed, DatabaseEndpoints.NOT_ON_ALLOW_LIST);

                // back on the list: collected again; the other one still not
                store.targets().replace(enterprise, List.of("127.0.0.1"), null);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> endpoints.subscriberOf(allowed).isPresent());
                assertThat(endpoints.refused()).containsOnlyKeys(offList);
                assertThat(endpoints.subscriberOf(offList)).isEmpty();
            }
        }
    }

    private static UUID endpoint(ConnectStore store, UUID enterprise, String name, String url) throws Exception {
        UUID id = ConnectStore.newEndpointId();
        store.createEndpoint(
                new OpcEndpoint(
                        id, enterprise, null, name, url, "None", "None", "anonymous", null, null, false, null, null),
                null);
        return id;
    }
}
