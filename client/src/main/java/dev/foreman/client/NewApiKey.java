package dev.foreman.client;

import java.time.Instant;
import java.util.UUID;

/** A key just created: {@code key} is shown in this answer only, never again. Keep it secret. */
public record NewApiKey(
        UUID id,
        UUID tenantId,
        String name,
        String key,
        String prefix,
        String role,
        Instant createdAt,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "NewApiKey[id=" + id + ", tenantId=" + tenantId + ", name=" + name + ", prefix=" + prefix + ", role="
                + role + "]";
    }
}
