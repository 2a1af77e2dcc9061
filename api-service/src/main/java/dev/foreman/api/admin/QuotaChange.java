package dev.foreman.api.admin;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.tenant.TenantQuotas;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code quotas} of a tenant's creation or change, read field by field: a number sets the
 * tenant's own quota, {@code null} returns it to the operator's default, and a missing field keeps
 * what the tenant has.
 */
final class QuotaChange {
    static final long MAX_REQUESTS_PER_SECOND = 1_000_000;
    static final long MAX_ACTIVE_JOBS = 1_000_000_000_000L;
    static final long MAX_SCHEDULES = 1_000_000;

    private static final String REQUESTS_PER_SECOND = "requests_per_second";
    private static final String ACTIVE_JOBS = "max_active_jobs";
    private static final String SCHEDULES = "max_schedules";
    private static final Set<String> FIELDS = Set.of(REQUESTS_PER_SECOND, ACTIVE_JOBS, SCHEDULES);

    private final JsonNode quotas;

    private QuotaChange(JsonNode quotas) {
        this.quotas = quotas;
    }

    /**
     * @param quotas the {@code quotas} field as sent: null when it was left out
     * @return null when there is nothing to change
     * @throws ApiProblem {@code unknown_field} for a field that is not a quota; the other mistakes
     *     are collected in {@code errors}
     */
    static QuotaChange parse(JsonNode quotas, FieldErrors errors) {
        if (quotas == null) {
            return null;
        }
        if (!quotas.isObject()) {
            errors.reject("quotas", "must be an object of requests_per_second, max_active_jobs and max_schedules");
            return null;
        }
        for (String name : quotas.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new ApiProblem(
                        ProblemCode.UNKNOWN_FIELD,
                        "Unknown field 'quotas." + name + "'. A tenant's quotas are " + FIELDS + ".");
            }
        }
        FieldErrors at = errors.at("quotas");
        checkBound(quotas, REQUESTS_PER_SECOND, 1, MAX_REQUESTS_PER_SECOND, at);
        checkBound(quotas, ACTIVE_JOBS, 0, MAX_ACTIVE_JOBS, at);
        checkBound(quotas, SCHEDULES, 0, MAX_SCHEDULES, at);
        return new QuotaChange(quotas);
    }

    /** {@code current} with this change applied. */
    TenantQuotas applyTo(TenantQuotas current) {
        return new TenantQuotas(
                quotas.has(REQUESTS_PER_SECOND)
                        ? intOrNull(quotas.get(REQUESTS_PER_SECOND))
                        : current.requestsPerSecond(),
                quotas.has(ACTIVE_JOBS) ? longOrNull(quotas.get(ACTIVE_JOBS)) : current.maxActiveJobs(),
                quotas.has(SCHEDULES) ? intOrNull(quotas.get(SCHEDULES)) : current.maxSchedules());
    }

    /** For the audit entry: the quotas the change sets, null where it returns one to the default. */
    static Map<String, Object> describe(TenantQuotas quotas) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(REQUESTS_PER_SECOND, quotas.requestsPerSecond());
        details.put(ACTIVE_JOBS, quotas.maxActiveJobs());
        details.put(SCHEDULES, quotas.maxSchedules());
        return details;
    }

    private static void checkBound(JsonNode quotas, String name, long min, long max, FieldErrors errors) {
        JsonNode value = quotas.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            errors.reject(name, "must be an integer from " + min + " to " + max + ", or null for the default");
        }
    }

    private static Integer intOrNull(JsonNode value) {
        return value.isNull() ? null : value.asInt();
    }

    private static Long longOrNull(JsonNode value) {
        return value.isNull() ? null : value.asLong();
    }
}
