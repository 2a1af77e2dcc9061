package dev.foreman.api.tenant;

import dev.foreman.common.tenant.Tenant;
import java.util.UUID;

/** The caller's tenant as {@code GET /v1/tenant} returns it. */
record TenantDocument(UUID id, String name, String signingSecret) {

    static TenantDocument of(Tenant tenant) {
        return new TenantDocument(tenant.id(), tenant.name(), tenant.signingSecret());
    }
}
