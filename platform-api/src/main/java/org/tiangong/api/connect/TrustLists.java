package org.tiangong.api.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.connect.ConnectStore;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.topology.TenantScope;
import org.tiangong.api.accounts.Principal;
import org.tiangong.api.http.ApiException;
import org.tiangong.collector.connect.PlatformFiles;
import org.tiangong.collector.opcua.ClientPki;

/**
 * The platform's PKI as the API uses it: one application certificate, and a trust list with its rejected
 * certificates per enterprise ({@link ClientPki#forEnterprise}). Who sees which enterprise's list is decided here.
 * Blocking (file system, JDBC): call from a worker.
 */
final class TrustLists {

    private final ConnectStore store;
    private final TenantScope scope;
    private final PlatformFiles files;
    private ClientPki pki;

    TrustLists(ConnectStore store, TenantScope scope, PlatformFiles files) {
        this.store = store;
        this.scope = scope;
        this.files = files;
    }

    /**
     * Opened at first use: the application certificate is created then, and persisted; a trust list of an earlier
     * version (one for all enterprises) is migrated then ({@link ClientPki#migrateGlobalTrust}).
     */
    synchronized ClientPki root() {
        if (pki == null) {
            try {
                ClientPki opened = files.openPki();
                try {
                    opened.migrateGlobalTrust(store.endpoints(null, null).stream()
                            .map(OpcEndpoint::enterpriseId)
                            .distinct()
                            .toList());
                } catch (SQLException e) {
                    opened.close();
                    throw new IllegalStateException("cannot list enterprises for the trust-list migration", e);
                }
                pki = opened;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the platform's PKI in " + files.dataDir(), e);
            }
        }
        return pki;
    }

    /** The trust list and rejected certificates of one enterprise. */
    ClientPki of(UUID enterpriseId) {
        try {
            return root().forEnterprise(enterpriseId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the trust list of enterprise " + enterpriseId, e);
        }
    }

    /**
     * The enterprises whose trust lists {@code p} may see: a plant manager only their own (another one asked for is
     * 404); an admin the one asked for, or all with endpoints.
     */
    List<UUID> scopes(Principal p, UUID wanted) throws SQLException {
        if (p.is(Role.PLANT_MANAGER)) {
            if (wanted != null && !wanted.equals(p.enterpriseId())) throw ApiException.notFound("no such enterprise");
            return List.of(p.enterpriseId());
        }
        if (wanted != null) {
            if (!scope.enterpriseExists(wanted)) throw ApiException.notFound("no such enterprise");
            return List.of(wanted);
        }
        return store.endpoints(null, null).stream()
                .map(OpcEndpoint::enterpriseId)
                .distinct()
                .toList();
    }

    /** allowUntrusted is development only: an admin, on a server started with the development flag. */
    static void requireUntrustedAllowed(Principal p, boolean allowUntrusted, boolean devFlag) {
        if (!allowUntrusted) return;
        if (!devFlag) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "allowUntrusted is for development only and this server was not started "
                            + "with --dev-allow-untrusted-endpoints; trust the server's certificate instead (GET /api/v1/pki/rejected)");
        }
        if (!p.is(Role.ADMIN))
            throw new ApiException(403, "forbidden", "only an admin may set allowUntrusted (development only)");
    }
}
