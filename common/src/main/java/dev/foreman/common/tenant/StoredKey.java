package dev.foreman.common.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A key found by its stored hash, not revoked and of an active tenant, with the hash it was found
 * by (for a constant-time comparison) and when it was last marked used.
 */
public record StoredKey(ApiKeyPrincipal principal, String storedHash, Instant lastUsedAt) {

    public UUID id() {
        return principal.keyId();
    }

    public Instant expiresAt() {
        return principal.expiresAt();
    }
}
