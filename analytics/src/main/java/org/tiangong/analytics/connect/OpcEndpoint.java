package org.tiangong.analytics.connect;

import java.time.Instant;
import java.util.UUID;

/**
 * An OPC UA endpoint as stored. {@code passwordSealed} is the {@link SecretBox}-sealed password of a
 * {@code username} token (context: the endpoint id); it never leaves the server.
 */
public record OpcEndpoint(
        UUID id,
        UUID enterpriseId,
        UUID vendorId,
        String name,
        String url,
        String securityPolicy,
        String securityMode,
        String authType,
        String username,
        byte[] passwordSealed,
        boolean allowUntrusted,
        Instant createdAt,
        Instant updatedAt) {

    public boolean hasPassword() {
        return passwordSealed != null;
    }
}
