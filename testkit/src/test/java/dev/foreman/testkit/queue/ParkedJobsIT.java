package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.Parking;
import dev.foreman.common.queue.QueueRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parking and waking queued jobs that flow control holds back, against the real database. */
class ParkedJobsIT {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private final QueueFixture fixture = new QueueFixture("parking");
    private final ParkedJobRepository parked = new ParkedJobRepository(fixture.jdbc);
    private final QueueRepository queues = new QueueRepository(fixture.jdbc);

    @Test
    void aClaimParksThePausedQueuesJobsUntilResumeWakesThem() {
        Instant now = fixture.now;
        Job paused = fixture.insert(fixture.aJob().inQueue("paused").build(), now);
        Job flowing = fixture.insert(fixture.aJob().inQueue("flowing").build(), now);
        queues.setPaused(fixture.tenant.id(), "paused", true, now);

        List<ClaimedJob> claimed =
                fixture.jobs.claimQueued(List.of(paused.id(), flowing.id()), "worker-a", now, LEASE_MARGIN);

        assertThat(claimed).extracting(c -> c.job().id()).containsExactly(flowing.id());
        assertThat(fixture.find(paused.id()).state()).isEqualTo(JobState.QUEUED);
        assertThat(fixture.jobs.claimQueued(List.of(paused.id()), "worker-b", now, LEASE_MARGIN))
                .as("a parked job's stale record claims nothing")
                .isEmpty();
        assertThat(queues.findHolds(fixture.tenant.id(), paused.id()))
                .singleElement()
                .satisfies(h -> assertThat(h.reason()).isEqualTo("paused"));

        queues.setPaused(fixture.tenant.id(), "paused", false, now);
        assertThat(parked.wakeInQueue(fixture.tenant.id(), "paused", ParkReason.PAUSED, now, 10))
                .extracting(d -> d.id())
                .containsExactly(paused.id());

        assertThat(fixture.jobs.claimQueued(List.of(paused.id()), "worker-b", now, LEASE_MARGIN))
                .singleElement()
                .satisfies(c -> assertThat(c.flow().parkedFor()).isEqualTo("paused"));
    }

    @Test
    void parkingAClaimTakesItsAttemptBackAndTheWakerReturnsItWhenDue() {
        Instant now = fixture.now;
        Job job = fixture.insert(fixture.aJob().build(), now);
        ClaimedJob claim = fixture.jobs
                .claimQueued(List.of(job.id()), "worker-a", now, LEASE_MARGIN)
                .getFirst();
        Instant slot = now.plusSeconds(2);

        List<UUID> done = parked.parkClaimed(
                List.of(new Parking(job.id(), claim.job().attempt(), ParkReason.RATE, slot, slot)), "worker-a", now);

        assertThat(done).containsExactly(job.id());
        Job stored = fixture.find(job.id());
        assertThat(stored.state()).isEqualTo(JobState.QUEUED);
        assertThat(stored.attempt()).isZero();
        assertThat(stored.runAt()).isEqualTo(slot);
        assertThat(stored.leaseOwner()).isNull();
        assertThat(parked.wakeDue(now.plusSeconds(1), now, 10)).isEmpty();
        assertThat(parked.wakeDue(slot, now, 10)).extracting(d -> d.id()).containsExactly(job.id());
        assertThat(fixture.jobs.claimQueued(List.of(job.id()), "worker-b", now, LEASE_MARGIN))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.job().attempt()).isEqualTo(1);
                    assertThat(c.flow().parkedFor()).isEqualTo("rate");
                });
    }

    @Test
    void purgeCancelsAParkedJobAndItsRetryComesBackUnparked() {
        Instant now = fixture.now;
        Job job = fixture.insert(fixture.aJob().inQueue("doomed").build(), now);
        queues.setPaused(fixture.tenant.id(), "doomed", true, now);
        fixture.jobs.claimQueued(List.of(job.id()), "worker-a", now, LEASE_MARGIN);

        int purged = queues.purgeBatch(
                fixture.tenant.id(),
                "doomed",
                List.of(JobState.SCHEDULED, JobState.QUEUED, JobState.RETRYING),
                now,
                10);

        assertThat(purged).isEqualTo(1);
        assertThat(fixture.find(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queues.findHolds(fixture.tenant.id(), job.id()))
                .extracting(h -> h.reason())
                .containsExactlyInAnyOrder("paused", "purged");
        queues.setPaused(fixture.tenant.id(), "doomed", false, now);
        fixture.jobs.retryByPerson(fixture.tenant.id(), job.id(), now);
        assertThat(fixture.jobs.claimQueued(List.of(job.id()), "worker-b", now, LEASE_MARGIN))
                .as("the purge ended its parking")
                .hasSize(1);
    }
}
