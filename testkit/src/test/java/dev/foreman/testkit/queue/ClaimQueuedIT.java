package dev.foreman.testkit.queue;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.concurrency.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimQueuedIT {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private final QueueFixture fixture = new QueueFixture("claims");

    @Test
    void twoRacingClaimersClaimEachQueuedJobExactlyOnce() throws Exception {
        Instant now = fixture.now;
        List<ValidatedJob> newJobs =
                IntStream.range(0, 300).mapToObj(i -> fixture.aJob().build()).toList();
        List<UUID> ids = fixture.insert(newJobs, now).stream().map(Job::id).toList();

        // Both claimers see every job, as two workers would after a duplicated Kafka delivery.
        List<List<UUID>> claimed = Race.run(List.of(claimer(ids, "worker-a", now), claimer(ids, "worker-b", now)));

        List<UUID> byA = claimed.get(0);
        List<UUID> byB = claimed.get(1);
        // One claimer may win every job: doesNotContainAnyElementsOf refuses an empty list to compare.
        assertThat(byA).as("jobs both claimers got").filteredOn(byB::contains).isEmpty();
        assertThat(concat(byA, byB)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids)
                .allSatisfy(id -> assertThatJob(fixture.find(id))
                        .isIn(JobState.RUNNING)
                        .hasAttempt(1)
                        .isLeasedTo(byA.contains(id) ? "worker-a" : "worker-b"));
    }

    private Callable<List<UUID>> claimer(List<UUID> ids, String owner, Instant now) {
        return () -> {
            List<UUID> claimed = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += 10) {
                List<UUID> batch = ids.subList(from, Math.min(from + 10, ids.size()));
                fixture.jobs.claimQueued(batch, owner, now, LEASE_MARGIN).stream()
                        .map(c -> c.job().id())
                        .forEach(claimed::add);
            }
            return claimed;
        };
    }

    @Test
    void aDuplicateDeliveryOfAClaimedJobClaimsNothing() {
        Instant now = fixture.now;
        Job job = fixture.insert(fixture.aJob().build(), now);
        assertThat(fixture.jobs.claimQueued(List.of(job.id()), "worker-a", now, LEASE_MARGIN))
                .hasSize(1);

        List<ClaimedJob> again = fixture.jobs.claimQueued(List.of(job.id()), "worker-b", now, LEASE_MARGIN);

        assertThat(again).isEmpty();
        Job stored = fixture.find(job.id());
        assertThat(stored.leaseOwner()).isEqualTo("worker-a");
        assertThat(stored.attempt()).isEqualTo(1);
    }

    @Test
    void doesNotClaimJobsThatAreNotQueued() {
        Instant now = fixture.now;
        Job cancelled = fixture.insert(fixture.aJob().build(), now);
        fixture.forceState(cancelled.id(), JobState.CANCELLED);
        Job scheduled = fixture.insert(
                fixture.aJob().dueAt(now.plus(Duration.ofHours(1))).build(), now);
        Job queued = fixture.insert(fixture.aJob().build(), now);

        List<ClaimedJob> claimed = fixture.jobs.claimQueued(
                List.of(cancelled.id(), scheduled.id(), queued.id()), "worker-a", now, LEASE_MARGIN);

        assertThat(claimed).extracting(c -> c.job().id()).containsExactly(queued.id());
        assertThatJob(fixture.find(cancelled.id())).isIn(JobState.CANCELLED);
        assertThat(fixture.find(cancelled.id()).attempt()).isZero();
        assertThatJob(fixture.find(scheduled.id())).isIn(JobState.SCHEDULED);
    }

    @Test
    void claimCountsTheAttemptAndLeasesForTheMarginWhateverTheTimeout() {
        Instant now = fixture.now;
        Job job = fixture.insert(
                fixture.aJob().withTimeout(Duration.ofSeconds(30)).build(), now);
        Instant claimedAt = now.plusSeconds(2);

        ClaimedJob claimed = fixture.jobs
                .claimQueued(List.of(job.id()), "worker-a", claimedAt, LEASE_MARGIN)
                .getFirst();

        assertThat(claimed.signingSecret()).isEqualTo(fixture.tenant.signingSecret());
        assertThatJob(claimed.job()).isIn(JobState.RUNNING);
        assertThat(claimed.job().attempt()).isEqualTo(1);
        assertThat(claimed.job().leaseOwner()).isEqualTo("worker-a");
        assertThat(claimed.job().startedAt()).isEqualTo(claimedAt);
        assertThat(claimed.job().leaseExpiresAt()).isEqualTo(claimedAt.plus(LEASE_MARGIN));
        assertThat(fixture.find(job.id())).isEqualTo(claimed.job());
    }

    @Test
    void aReclaimAfterTheJobWasQueuedAgainCountsTheNextAttempt() {
        Instant now = fixture.now;
        Job job = fixture.insert(fixture.aJob().build(), now);
        fixture.jobs.claimQueued(List.of(job.id()), "worker-a", now, LEASE_MARGIN);
        fixture.forceState(job.id(), JobState.QUEUED);

        ClaimedJob second = fixture.jobs
                .claimQueued(List.of(job.id()), "worker-b", now.plusSeconds(60), LEASE_MARGIN)
                .getFirst();

        assertThat(second.job().attempt()).isEqualTo(2);
        assertThat(second.job().leaseOwner()).isEqualTo("worker-b");
    }

    private static List<UUID> concat(Collection<UUID> a, Collection<UUID> b) {
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
