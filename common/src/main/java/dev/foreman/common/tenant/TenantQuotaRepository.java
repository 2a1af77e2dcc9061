package dev.foreman.common.tenant;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The quota columns of {@code tenants}: read on every limit check (cached), written by the admin API. */
public class TenantQuotaRepository {
    private final JdbcClient jdbc;

    public TenantQuotaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND_QUOTAS_BY_TENANT = """
            SELECT requests_per_second, max_active_jobs, max_schedules
            FROM tenants
            WHERE id = :tenantId
            """;

    /** The tenant's own quotas (nulls where the defaults apply); empty for an unknown tenant. */
    public Optional<TenantQuotas> findQuotasByTenant(UUID tenantId) {
        return jdbc.sql(FIND_QUOTAS_BY_TENANT)
                .param("tenantId", tenantId)
                .query((rs, n) -> new TenantQuotas(
                        rs.getObject("requests_per_second", Integer.class),
                        rs.getObject("max_active_jobs", Long.class),
                        rs.getObject("max_schedules", Integer.class)))
                .optional();
    }

    private static final String UPDATE_QUOTAS = """
            UPDATE tenants
            SET requests_per_second = :requestsPerSecond,
                max_active_jobs = :maxActiveJobs,
                max_schedules = :maxSchedules
            WHERE id = :tenantId
            """;

    /**
     * Replaces the tenant's quotas (a null field returns it to the default).
     *
     * @return whether the tenant exists
     */
    public boolean updateQuotas(UUID tenantId, TenantQuotas quotas) {
        return jdbc.sql(UPDATE_QUOTAS)
                        .param("tenantId", tenantId)
                        .param("requestsPerSecond", quotas.requestsPerSecond())
                        .param("maxActiveJobs", quotas.maxActiveJobs())
                        .param("maxSchedules", quotas.maxSchedules())
                        .update()
                == 1;
    }
}
