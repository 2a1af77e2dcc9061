package dev.foreman.worker.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.WorkerPropertiesFixtures;
import dev.foreman.worker.flow.OpenGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A claim whose commit went through while the worker saw the connection break: the jobs of every
 * tenant in the batch are leased to the worker, which never launched them. Without a release they
 * would wait for their leases and the reaper would charge each an attempt; instead the next claim
 * (the same records, delivered again) first gives them back, and claims them at attempt 1.
 */
class ClaimInDoubtIT {
    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final Clock clock = Clock.systemUTC();
    private final StoredJobs stored = new StoredJobs(infra.dataSource(), clock);
    private final CommitThenLoseTheAnswer jobs = new CommitThenLoseTheAnswer(JdbcClient.create(infra.dataSource()));
    private final WorkerProperties properties = WorkerPropertiesFixtures.smallWorker("workers");
    private final JobClaimer claimer = new JobClaimer(
            new WorkerId("worker-in-doubt-" + UUID.randomUUID()),
            jobs,
            OpenGate.admittingAll(properties),
            clock,
            properties,
            new SimpleMeterRegistry());

    /** A repository whose next claim commits, then throws as if the connection broke before the answer. */
    static final class CommitThenLoseTheAnswer extends JobRepository {
        final AtomicBoolean loseNextAnswer = new AtomicBoolean();

        CommitThenLoseTheAnswer(JdbcClient jdbc) {
            super(jdbc);
        }

        @Override
        public List<ClaimedJob> claimQueued(List<UUID> ids, String owner, Instant now, Duration leaseMargin) {
            List<ClaimedJob> claimed = super.claimQueued(ids, owner, now, leaseMargin);
            if (loseNextAnswer.getAndSet(false)) {
                throw new DataAccessResourceFailureException("An I/O error occurred while sending to the backend");
            }
            return claimed;
        }
    }

    @Test
    void aClaimWhoseCommitOutcomeWasUnknownIsReleasedAndClaimedAgainWithoutBurningAnAttempt() {
        TestTenant one = infra.createTenant("in-doubt-one");
        TestTenant other = infra.createTenant("in-doubt-other");
        Job first = stored.queued(one, Jobs.aJob());
        Job second = stored.queued(other, Jobs.aJob());
        List<UUID> batch = List.of(first.id(), second.id());

        jobs.loseNextAnswer.set(true);
        assertThatThrownBy(() -> claimer.claimQueued(batch)).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(stored.find(first.id()).state()).as("the claim did commit").isEqualTo(JobState.RUNNING);

        List<ClaimedJob> again = claimer.claimQueued(batch);

        assertThat(again).extracting(c -> c.job().id()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(again).allSatisfy(c -> assertThat(c.job().attempt()).isOne());
    }
}
