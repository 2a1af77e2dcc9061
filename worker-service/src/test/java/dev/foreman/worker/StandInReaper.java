package dev.foreman.worker;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.ReapedJob;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One tick of the scheduler's lease reaper, which lives in scheduler-service: ends the attempts
 * whose lease expired before {@code now}, writing outbox rows for the jobs it re-queued, in one
 * statement.
 */
final class StandInReaper {
    private final JobRepository jobs;

    StandInReaper() {
        TestInfrastructure infra = TestInfrastructure.shared();
        this.jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
    }

    /** @return the ids of the jobs reaped, whether re-queued or dead */
    List<UUID> reapExpiredLeases(Instant now) {
        return jobs.reapExpiredLeases(now, 1000).stream().map(ReapedJob::id).toList();
    }
}
