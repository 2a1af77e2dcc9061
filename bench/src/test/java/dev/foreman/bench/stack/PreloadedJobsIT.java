package dev.foreman.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.StateCount;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Jobs loaded before a bench run, against a real Postgres with every migration. */
class PreloadedJobsIT {
    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @Test
    void loadsFinishedJobsWithTheirAttemptsAndWaitingJobsThatAreNotDueAndCountsThemInTheSummary() {
        TestTenant tenant = infra.createTenant("preload-it");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int finished = PreloadedJobs.CHUNK + 10; // more than one statement

        PreloadedJobs.load(infra.dataSource(), tenant.id(), new PreloadedJobs.Preload(finished, 300), now);

        assertThat(countsByState(tenant.id())).isEqualTo(Map.of("succeeded", (long) finished, "scheduled", 300L));
        assertThat(jdbc.sql("""
                        SELECT count(*)
                        FROM job_attempts AS a
                        JOIN jobs AS j ON j.id = a.job_id
                        WHERE j.tenant_id = :tenantId AND a.outcome = 'succeeded'
                        """)
                        .param("tenantId", tenant.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(finished);
        assertThat(jdbc.sql("""
                        SELECT count(*)
                        FROM jobs
                        WHERE tenant_id = :tenantId
                          AND (state = 'scheduled' AND run_at <= :now OR state = 'succeeded' AND finished_at > :now)
                        """)
                        .param("tenantId", tenant.id())
                        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .query(Long.class)
                        .single())
                .as("no waiting job is due and no finished job ends in the future")
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM job_events WHERE tenant_id = :tenantId")
                        .param("tenantId", tenant.id())
                        .query(Long.class)
                        .single())
                .as("no events for jobs nobody watched")
                .isZero();
        List<StateCount> summary = new JobStatsRepository(jdbc).countByQueueStatePriority(tenant.id());
        assertThat(summary.stream().collect(Collectors.toMap(StateCount::state, StateCount::count)))
                .isEqualTo(Map.of("succeeded", (long) finished, "scheduled", 300L));
    }

    @Test
    void givesTheJobsTimeOrderedVersionSevenIds() {
        TestTenant tenant = infra.createTenant("preload-ids-it");

        PreloadedJobs.load(infra.dataSource(), tenant.id(), new PreloadedJobs.Preload(50, 0), Instant.now());

        List<UUID> byTime = jdbc.sql("SELECT id FROM jobs WHERE tenant_id = :tenantId ORDER BY created_at, id")
                .param("tenantId", tenant.id())
                .query(UUID.class)
                .list();
        assertThat(byTime).hasSize(50).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
        assertThat(byTime).isSortedAccordingTo(UUID::compareTo);
    }

    private Map<String, Long> countsByState(UUID tenantId) {
        return jdbc
                .sql("SELECT state, count(*) AS n FROM jobs WHERE tenant_id = :tenantId GROUP BY state")
                .param("tenantId", tenantId)
                .query((rs, row) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
