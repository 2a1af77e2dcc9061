package dev.foreman.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantValidatedJobTest {
    private static final UUID TENANT_A = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    private static final UUID TENANT_B = UUID.fromString("00000000-0000-7000-8000-00000000000b");

    @Test
    void ordersKeyedJobsByTenantThenKeyAndKeepsUnkeyedJobsInTheirOrderAfterThem() {
        TenantValidatedJob unkeyedFirst = row(TENANT_B, null);
        TenantValidatedJob bZeta = row(TENANT_B, "zeta");
        TenantValidatedJob aBeta = row(TENANT_A, "beta");
        TenantValidatedJob unkeyedSecond = row(TENANT_A, null);
        TenantValidatedJob aAlpha = row(TENANT_A, "alpha");

        List<TenantValidatedJob> ordered = List.of(unkeyedFirst, bZeta, aBeta, unkeyedSecond, aAlpha).stream()
                .sorted(TenantValidatedJob.KEY_LOCK_ORDER)
                .toList();

        assertThat(ordered).containsExactly(aAlpha, aBeta, bZeta, unkeyedFirst, unkeyedSecond);
    }

    private static TenantValidatedJob row(UUID tenantId, String idempotencyKey) {
        ValidatedJob job = new ValidatedJob(
                UUID.randomUUID(),
                "default",
                "default",
                Priority.NORMAL,
                Instant.parse("2026-11-23T10:00:00Z"),
                new JobTarget("https://svc.internal/hook", "POST", Map.of()),
                null,
                Duration.ofSeconds(30),
                new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofHours(1), 16, null),
                idempotencyKey,
                null,
                Map.of(),
                null);
        return new TenantValidatedJob(tenantId, job);
    }
}
