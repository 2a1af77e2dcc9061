package dev.foreman.common.job;

import java.util.Comparator;
import java.util.UUID;

/**
 * A validated job, the tenant it is submitted for and the trace context it is submitted in (a
 * parsed {@code traceparent}, or null): one row of a multi-tenant insert.
 */
public record TenantValidatedJob(UUID tenantId, ValidatedJob job, String traceparent) {

    /** A job submitted outside any trace. */
    public TenantValidatedJob(UUID tenantId, ValidatedJob job) {
        this(tenantId, job, null);
    }

    /**
     * Keyed jobs first, by tenant then key; unkeyed ones after them, in their given order. Inserts
     * that take idempotency-key locks in this order cannot deadlock each other.
     */
    static final Comparator<TenantValidatedJob> KEY_LOCK_ORDER = Comparator.comparing(
                    (TenantValidatedJob row) -> row.job().idempotencyKey() == null)
            .thenComparing(row -> row.job().idempotencyKey() == null ? null : row.tenantId(), nullsFirst())
            .thenComparing(row -> row.job().idempotencyKey(), nullsFirst());

    private static <T extends Comparable<? super T>> Comparator<T> nullsFirst() {
        return Comparator.nullsFirst(Comparator.naturalOrder());
    }
}
