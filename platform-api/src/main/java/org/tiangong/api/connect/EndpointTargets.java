package org.tiangong.api.connect;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tiangong.analytics.connect.EndpointTargetStore;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.TargetAllowList;
import org.tiangong.api.http.ApiException;

/**
 * The allow-list of endpoint targets: the platform connects to an enterprise's endpoint (test, browse, automap,
 * templates) only when the URL's host is on that enterprise's list — equal to a listed host name, or an IP address
 * inside a listed address or CIDR block. Names are compared as written and never resolved here, so the check itself
 * sends nothing anywhere. Anything else is refused before any connection, always with the same message, so the
 * platform cannot be used to learn which hosts and ports exist (a port scanner).
 */
final class EndpointTargets {

    static final int MAX_ENTRIES = 100;
    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*");

    private final EndpointTargetStore store;

    EndpointTargets(EndpointTargetStore store) {
        this.store = store;
    }

    List<String> entries(UUID enterpriseId) throws SQLException {
        return store.entries(enterpriseId);
    }

    void replace(UUID enterpriseId, List<String> entries, UUID by) throws SQLException {
        store.replace(enterpriseId, entries, by);
    }

    /** @throws ApiException 403 {@code target_not_allowed} unless the endpoint's host is on its enterprise's list */
    void require(OpcEndpoint e) throws SQLException {
        require(e.enterpriseId(), e.url());
    }

    void require(UUID enterpriseId, String url) throws SQLException {
        String host = host(url);
        if (host == null || !allowed(store.entries(enterpriseId), host)) {
            throw new ApiException(
                    403,
                    "target_not_allowed",
                    "the endpoint's host " + (host == null ? "(none)" : host)
                            + " is not on this enterprise's allow-list of endpoint targets, so the platform does not connect to it; "
                            + "an admin or the enterprise's plant manager adds it with PUT /api/v1/enterprises/"
                            + enterpriseId
                            + "/endpoint-targets");
        }
    }

    static String host(String url) {
        return TargetAllowList.host(url);
    }

    static boolean allowed(List<String> entries, String host) {
        return TargetAllowList.allowedHost(entries, host);
    }

    /**
     * A valid entry in its stored form (lower case; a bare address as itself), or a 400 saying what is expected.
     */
    static String normalise(String raw) {
        String e = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty() || e.length() > 253)
            throw ApiException.badRequest("an endpoint target must be a host name or a CIDR block");
        if (isAddressEntry(e)) {
            String[] parts = e.split("/", 2);
            byte[] a = literal(parts[0]);
            if (a == null)
                throw ApiException.badRequest(raw + " is not an IP address or CIDR block (e.g. 10.20.0.0/16)");
            if (parts.length == 2) {
                int bits;
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > a.length * 8)
                    throw ApiException.badRequest(raw + ": the prefix length must be 0–" + a.length * 8);
                if (bits < (a.length == 4 ? 8 : 32))
                    throw ApiException.badRequest(raw + ": a block this large is not a target list");
            }
            return e;
        }
        if (!HOST_NAME.matcher(e).matches())
            throw ApiException.badRequest(raw + " is not a host name, IP address or CIDR block");
        return e;
    }

    private static boolean isAddressEntry(String entry) {
        return TargetAllowList.isAddressEntry(entry);
    }

    /** The bytes of an IP literal; null for a name (never resolved). */
    static byte[] literal(String host) {
        return TargetAllowList.literal(host);
    }
}
