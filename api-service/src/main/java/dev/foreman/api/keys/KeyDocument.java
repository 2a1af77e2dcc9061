package dev.foreman.api.keys;

import dev.foreman.common.tenant.ApiKeyRecord;
import java.time.Instant;
import java.util.UUID;

/** A key as lists show it: its prefix, never the key. */
public record KeyDocument(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        String role,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {

    public static KeyDocument of(ApiKeyRecord key) {
        return new KeyDocument(
                key.id(),
                key.tenantId(),
                key.name(),
                key.prefix(),
                key.role().wireName(),
                key.createdAt(),
                key.lastUsedAt(),
                key.expiresAt(),
                key.revokedAt());
    }
}
