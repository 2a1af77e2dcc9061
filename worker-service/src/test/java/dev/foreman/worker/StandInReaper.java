package dev.foreman.worker;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ReapedJob;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One tick of the scheduler's lease reaper, which lives in scheduler-service: ends the attempts
 * whose lease expired before {@code now} and writes outbox rows for the jobs it re-queued, in one
 * transaction.
 */
final class StandInReaper {
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final TransactionTemplate transaction;

    StandInReaper() {
        TestInfrastructure infra = TestInfrastructure.shared();
        JdbcClient jdbc = JdbcClient.create(infra.dataSource());
        this.jobs = new JobRepository(jdbc);
        this.outbox = new OutboxRepository(jdbc);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(infra.dataSource()));
    }

    /** @return the ids of the jobs reaped, whether re-queued or dead */
    List<UUID> reapExpiredLeases(Instant now) {
        List<ReapedJob> reaped = transaction.execute(status -> {
            List<ReapedJob> expired = jobs.reapExpiredLeases(now, 1000);
            outbox.enqueueAll(
                    expired.stream()
                            .filter(job -> job.state() == JobState.QUEUED)
                            .map(ReapedJob::asDue)
                            .toList(),
                    now);
            return expired;
        });
        return reaped == null ? List.of() : reaped.stream().map(ReapedJob::id).toList();
    }
}
