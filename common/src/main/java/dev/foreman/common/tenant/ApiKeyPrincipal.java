package dev.foreman.common.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Who a valid API key speaks for: the key, its tenant and its role. Filters after authentication
 * (rate limits, quotas) key their state on {@link #keyId()} and {@link #tenantId()}.
 *
 * @param expiresAt when the key stops being valid; null when it never expires
 */
public record ApiKeyPrincipal(UUID keyId, UUID tenantId, ApiKeyRole role, Instant expiresAt) {

    public ApiKeyPrincipal(UUID keyId, UUID tenantId, ApiKeyRole role) {
        this(keyId, tenantId, role, null);
    }

    /** Whether the key has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
