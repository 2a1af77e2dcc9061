package dev.foreman.common.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One admin or key action.
 *
 * @param actorKeyId the key that acted; null for the system (the bootstrap)
 * @param action what was done, such as {@code key.create}, {@code tenant.suspend}
 * @param targetTenantId the tenant acted on
 * @param targetId the object acted on (a key, a tenant); null when it is the tenant itself
 * @param detailsJson a JSON object with what else matters (a key's role, a tenant's new state); never a
 *     key or a secret
 * @param remoteAddress the client's address as the API saw it
 */
public record AuditEntry(
        UUID id,
        Instant at,
        UUID actorKeyId,
        UUID actorTenantId,
        String actorRole,
        String action,
        UUID targetTenantId,
        UUID targetId,
        String detailsJson,
        String remoteAddress) {}
