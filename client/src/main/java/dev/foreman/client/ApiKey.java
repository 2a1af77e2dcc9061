package dev.foreman.client;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key as lists show it: its prefix, never the key. {@code role} is {@code read_only},
 * {@code member}, {@code admin} or {@code operator}.
 */
public record ApiKey(
        UUID id,
        UUID tenantId,
        String name,
        String prefix,
        String role,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {}
