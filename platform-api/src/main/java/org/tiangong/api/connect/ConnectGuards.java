package org.tiangong.api.connect;

import java.sql.SQLException;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.api.http.KeyedLimit;

/**
 * What stands between a request and an OPC UA connection: the enterprise's allow-list of targets, the per-enterprise
 * limit of OPC UA operations at once, and whether the development flag lets admins set {@code allowUntrusted}.
 */
record ConnectGuards(EndpointTargets targets, KeyedLimit opcUaLimit, boolean devAllowUntrusted) {

    /** Refuses a target off the list (403) or an enterprise over its limit (429), before any connection. */
    KeyedLimit.Permit enter(OpcEndpoint e) throws SQLException {
        targets.require(e);
        return opcUaLimit.acquire(e.enterpriseId());
    }
}
