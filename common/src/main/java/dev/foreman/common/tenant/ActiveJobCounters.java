package dev.foreman.common.tenant;

import java.util.UUID;

/**
 * Where Redis keeps each tenant's count of non-terminal jobs, for the {@code max_active_jobs} quota.
 * The api-service adds a submission's jobs to it; the scheduler's leader sets it to the true count
 * from Postgres every few seconds, which is how ended jobs leave it. So it is approximate between
 * two reconciliations, and Postgres stays the truth.
 */
public final class ActiveJobCounters {
    /** The prefix of every counter key. */
    public static final String PREFIX = "foreman:quota:active-jobs:";

    private ActiveJobCounters() {}

    /** The tenant's counter key. */
    public static String key(UUID tenantId) {
        return PREFIX + tenantId;
    }
}
