package org.tiangong.collector.connect;

import java.io.IOException;
import org.tiangong.analytics.connect.OpcEndpoint;
import org.tiangong.analytics.connect.SecretBox;
import org.tiangong.collector.opcua.ClientSecurity;

/**
 * The {@link ClientSecurity} of an endpoint saved through the platform: its policy and mode by name, its user (the
 * password unsealed with the platform's key), and the trust list of the endpoint's own enterprise when the policy or
 * the identity needs one. The same for the collector and for the API's test, browse and automap.
 */
public final class EndpointSecurity {

    private EndpointSecurity() {}

    /**
     * @param trustList      the trust list of {@code e}'s enterprise, asked for only when needed
     * @param allowUntrusted whether an untrusted server certificate is accepted (development only)
     */
    public static ClientSecurity of(
            OpcEndpoint e, SecretBox secrets, ClientSecurity.PkiSource trustList, boolean allowUntrusted)
            throws IOException {
        ClientSecurity.Identity identity = switch (e.authType()) {
            case "username" ->
                new ClientSecurity.UserName(e.username(), secrets.open(e.passwordSealed(), e.id().toString()));
            case "x509" -> new ClientSecurity.X509();
            default -> ClientSecurity.Identity.ANONYMOUS;
        };
        return ClientSecurity.of(e.securityPolicy(), e.securityMode(), identity, trustList, allowUntrusted);
    }
}
