package dev.foreman.api.admin;

import dev.foreman.common.tenant.TenantAccount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant as the operator's API shows it: never its signing secret. */
record TenantAdminDocument(UUID id, String name, String state, Instant createdAt, Instant updatedAt, Quotas quotas) {

    static TenantAdminDocument of(TenantAccount tenant) {
        return new TenantAdminDocument(
                tenant.id(),
                tenant.name(),
                tenant.state().wireName(),
                tenant.createdAt(),
                tenant.updatedAt(),
                new Quotas(
                        tenant.quotas().requestsPerSecond(),
                        tenant.quotas().maxActiveJobs(),
                        tenant.quotas().maxSchedules()));
    }

    /** The tenant's own quotas; null where the operator's default ({@code foreman.api.limits.*}) applies. */
    record Quotas(Integer requestsPerSecond, Long maxActiveJobs, Integer maxSchedules) {}

    record TenantList(List<TenantAdminDocument> items) {}
}
