package dev.foreman.api.keys;

import java.time.Instant;
import java.util.UUID;

/** A key just created, with the key itself: the only answer that ever shows it. */
public record NewKeyDocument(
        UUID id,
        UUID tenantId,
        String name,
        String key,
        String prefix,
        String role,
        Instant createdAt,
        Instant expiresAt) {}
