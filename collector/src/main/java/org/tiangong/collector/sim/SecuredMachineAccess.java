package org.tiangong.collector.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;

/**
 * The machines behind the simulator's secured endpoint (the companion-spec machines) are what a real secured machine
 * would be: their values are readable only in a session over a secured channel (a SecurityPolicy other than None)
 * with a real user (not anonymous). Anyone else reads {@code Bad_UserAccessDenied} and sees a user access level of
 * none; browsing still shows the nodes, as on a real server.
 */
final class SecuredMachineAccess implements AttributeFilter {

    static final SecuredMachineAccess INSTANCE = new SecuredMachineAccess();

    private SecuredMachineAccess() {}

    @Override
    public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
        if ((attributeId == AttributeId.Value || attributeId == AttributeId.UserAccessLevel)
                && !ctx.getSession().map(SecuredMachineAccess::allowed).orElse(true)) {
            return attributeId == AttributeId.Value
                    ? new DataValue(new StatusCode(StatusCodes.Bad_UserAccessDenied))
                    : ubyte(0);
        }
        return ctx.getAttribute(attributeId);
    }

    /** A secured channel and a named user. (No session: the server's own reads.) */
    static boolean allowed(Session session) {
        var endpoint = session.getEndpoint();
        boolean secured = endpoint != null && !SecurityPolicy.None.getUri().equals(endpoint.getSecurityPolicyUri());
        return secured && session.getTokenType() != null && session.getTokenType() != UserTokenType.Anonymous;
    }
}
