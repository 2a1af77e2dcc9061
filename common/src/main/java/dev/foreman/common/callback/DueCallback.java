package dev.foreman.common.callback;

import java.util.UUID;

/** A callback claimed for delivery number {@code delivery}, with the tenant's signing secret. */
public record DueCallback(long id, UUID jobId, UUID tenantId, String url, int delivery, String signingSecret) {}
