package dev.foreman.common.tenant;

import java.time.Instant;
import java.util.UUID;

/** A stored API key as its list shows it: never the key or its hash. */
public record ApiKeyRecord(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        ApiKeyRole role,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {}
