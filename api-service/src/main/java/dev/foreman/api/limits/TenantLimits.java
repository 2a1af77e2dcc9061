package dev.foreman.api.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.foreman.api.ApiProperties;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantQuotas;
import java.util.UUID;

/**
 * Each tenant's effective limits: its own quotas from Postgres where it has them, else the
 * operator's defaults. Cached per replica for {@code foreman.api.limits.tenant-cache-ttl}, since
 * every request asks; a changed quota takes effect within it.
 */
public class TenantLimits {
    private final ApiProperties.Limits defaults;
    private final LoadingCache<UUID, TenantQuotas> quotas;

    TenantLimits(TenantQuotaRepository repository, ApiProperties.Limits defaults) {
        this.defaults = defaults;
        this.quotas = Caffeine.newBuilder()
                .expireAfterWrite(defaults.tenantCacheTtl())
                .maximumSize(100_000)
                .build(tenantId -> repository.findQuotasByTenant(tenantId).orElse(TenantQuotas.DEFAULTS));
    }

    int requestsPerSecond(UUID tenantId) {
        return quotas(tenantId).requestsPerSecondOr(defaults.requestsPerSecond());
    }

    long maxActiveJobs(UUID tenantId) {
        return quotas(tenantId).maxActiveJobsOr(defaults.maxActiveJobs());
    }

    int maxSchedules(UUID tenantId) {
        return quotas(tenantId).maxSchedulesOr(defaults.maxSchedules());
    }

    private TenantQuotas quotas(UUID tenantId) {
        try {
            return quotas.get(tenantId);
        } catch (RuntimeException e) {
            // Postgres unreachable: the defaults for now (not cached), like a Redis outage fails open.
            // A request that needs the database fails on its own with 503 database_unavailable.
            return TenantQuotas.DEFAULTS;
        }
    }

    /** Forgets the tenant's cached quotas, so a change made on this replica applies at once. */
    public void forget(UUID tenantId) {
        quotas.invalidate(tenantId);
    }
}
