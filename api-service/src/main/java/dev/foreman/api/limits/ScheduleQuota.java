package dev.foreman.api.limits;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.schedule.ScheduleRepository;
import java.util.UUID;

/**
 * The {@code max_schedules} quota. Schedules are created rarely, so a count per create is cheap. The
 * count runs under a per-tenant lock held until the create's transaction ends, so creates racing for
 * the last free place take it one at a time and the tenant never ends up past its quota.
 */
public class ScheduleQuota {
    private final ScheduleRepository schedules;
    private final TenantLimits tenants;

    ScheduleQuota(ScheduleRepository schedules, TenantLimits tenants) {
        this.schedules = schedules;
        this.tenants = tenants;
    }

    /**
     * Answers {@code 429 quota_exceeded} when the tenant has no room for another schedule. Call it in
     * the transaction that inserts the schedule: it locks the tenant's schedules until that ends.
     */
    public void checkRoomForOneMore(UUID tenantId) {
        int max = tenants.maxSchedules(tenantId);
        schedules.lockSchedulesOfTenant(tenantId);
        if (schedules.countByTenant(tenantId) >= max) {
            throw new ApiProblem(
                    ProblemCode.QUOTA_EXCEEDED,
                    "The tenant may have " + max + " schedules and has them all. Delete a schedule you no longer"
                            + " need (DELETE /v1/schedules/{id}) or ask the operator for a larger quota.");
        }
    }
}
