package dev.foreman.common.tenant;

import java.util.UUID;

/** Who a valid API key speaks for. */
public record ApiKeyPrincipal(UUID keyId, UUID tenantId, ApiKeyRole role) {}
