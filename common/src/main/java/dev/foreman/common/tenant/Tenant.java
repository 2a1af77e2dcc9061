package dev.foreman.common.tenant;

import java.time.Instant;
import java.util.UUID;

/** A tenant: the owner of jobs and API keys. */
public record Tenant(UUID id, String name, String signingSecret, Instant createdAt) {}
