package dev.foreman.common.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant as operators manage it: never its signing secrets.
 *
 * @param quotas the tenant's own quotas; a null field means the operator's default applies
 */
public record TenantAccount(
        UUID id, String name, TenantState state, Instant createdAt, Instant updatedAt, TenantQuotas quotas) {}
