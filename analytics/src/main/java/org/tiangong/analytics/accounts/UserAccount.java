package org.tiangong.analytics.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as stored, without the password hash. {@code enterpriseId} is set for plant managers, {@code vendorId} for
 * vendors. {@code credentialsChangedAt}: the last password change (null when never); older tokens are refused.
 */
public record UserAccount(
        UUID id,
        String username,
        String displayName,
        Role role,
        UUID enterpriseId,
        UUID vendorId,
        boolean disabled,
        Instant createdAt,
        Instant credentialsChangedAt) {}
