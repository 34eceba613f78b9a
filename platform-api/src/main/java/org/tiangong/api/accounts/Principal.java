package org.tiangong.api.accounts;

import java.time.Instant;
import java.util.UUID;
import org.tiangong.analytics.accounts.Role;
import org.tiangong.analytics.accounts.UserAccount;

/**
 * Who is calling, as established by {@link AuthHandler}: the user, their role and tenant binding, and the
 * credential used (a bearer token's id and expiry, or an API key's id).
 */
public record Principal(
        UUID userId,
        String username,
        Role role,
        UUID enterpriseId,
        UUID vendorId,
        String tokenId,
        Instant tokenExpiresAt,
        UUID apiKeyId) {

    public static final String CONTEXT_KEY = "tiangong.principal";

    static Principal ofToken(UserAccount u, String jti, Instant exp) {
        return new Principal(u.id(), u.username(), u.role(), u.enterpriseId(), u.vendorId(), jti, exp, null);
    }

    static Principal ofApiKey(UserAccount u, UUID keyId) {
        return new Principal(u.id(), u.username(), u.role(), u.enterpriseId(), u.vendorId(), null, null, keyId);
    }

    public boolean is(Role r) {
        return role == r;
    }
}
