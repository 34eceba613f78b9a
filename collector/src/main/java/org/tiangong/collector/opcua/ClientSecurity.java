package org.tiangong.collector.opcua;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * How the collector secures its connection to an endpoint: the security policy and message mode it asks for, and
 * (anonymous, for now) the user identity. Which server endpoint is used is decided here, by {@link #accepts}.
 *
 * <p>Only {@link #NONE} can be built today. A secured policy needs the collector's own application certificate and
 * a trust list with a rejected folder (design.md, "Reliability and security notes": never accept any server
 * certificate by default); those come with the issue that adds them, as components of this record.
 */
public record ClientSecurity(SecurityPolicy policy, MessageSecurityMode mode) {

    /** No signing, no encryption, anonymous user: for the simulator and isolated plant networks. */
    public static final ClientSecurity NONE = new ClientSecurity(SecurityPolicy.None, MessageSecurityMode.None);

    public ClientSecurity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        if (policy != SecurityPolicy.None || mode != MessageSecurityMode.None) {
            throw new IllegalArgumentException("security policy " + policy + " with " + mode + " is not supported yet: "
                    + "it needs a client certificate and a trust list; use None");
        }
    }

    /** Whether the collector may connect through this endpoint of the server. */
    public boolean accepts(EndpointDescription endpoint) {
        return policy.getUri().equals(endpoint.getSecurityPolicyUri())
                && mode == endpoint.getSecurityMode()
                && Stream.ofNullable(endpoint.getUserIdentityTokens()).flatMap(Stream::of)
                .map(UserTokenPolicy::getTokenType)
                .anyMatch(t -> t == UserTokenType.Anonymous);
    }
}
