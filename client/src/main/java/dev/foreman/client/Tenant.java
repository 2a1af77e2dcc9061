package dev.foreman.client;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the operator's API shows it; {@code state} is {@code active} or {@code suspended}. */
public record Tenant(UUID id, String name, String state, Instant createdAt, Instant updatedAt) {}
