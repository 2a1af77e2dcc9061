package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.LeaseCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RenewLeasesIT {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final String WORKER = "worker-a";
    private static final String ROW_VERSION = "SELECT xmin::text FROM jobs WHERE id = :id";

    private final QueueFixture fixture = new QueueFixture("leases");

    @Test
    void reportsALeaseWithTimeToSpareAsHeldWithoutWritingTheJob() {
        Job running = claimedAt(fixture.now);
        String versionBefore = rowVersion(running.id());

        LeaseCheck check = renewAt(fixture.now.plusSeconds(5), running.id());

        assertThat(check.held()).containsExactly(running.id());
        assertThat(check.renewed()).isZero();
        assertThat(rowVersion(running.id())).as("no new row version").isEqualTo(versionBefore);
        assertThat(fixture.find(running.id()).leaseExpiresAt()).isEqualTo(fixture.now.plus(LEASE_MARGIN));
    }

    @Test
    void extendsALeaseThatRunsOutBeforeTheRenewalWindowEnds() {
        Job running = claimedAt(fixture.now);
        Instant later = fixture.now.plusSeconds(20);

        LeaseCheck check = renewAt(later, running.id());

        assertThat(check.held()).containsExactly(running.id());
        assertThat(check.renewed()).isOne();
        assertThat(fixture.find(running.id()).leaseExpiresAt()).isEqualTo(later.plus(LEASE_MARGIN));
    }

    @Test
    void leavesOutAndNeverTouchesJobsThatAreNoLongerLeasedToTheWorker() {
        Job cancelled = claimedAt(fixture.now);
        fixture.forceState(cancelled.id(), JobState.CANCELLED);
        Job someoneElses = fixture.insert(fixture.aJob().build(), fixture.now);
        fixture.jobs.claimQueued(List.of(someoneElses.id()), "worker-b", fixture.now, LEASE_MARGIN);
        Job mine = claimedAt(fixture.now);

        LeaseCheck check = renewAt(fixture.now.plusSeconds(20), cancelled.id(), someoneElses.id(), mine.id());

        assertThat(check.held()).containsExactly(mine.id());
        assertThat(check.renewed()).isOne();
        assertThat(fixture.find(cancelled.id()).leaseExpiresAt()).isNull();
        assertThat(fixture.find(someoneElses.id()).leaseExpiresAt()).isEqualTo(fixture.now.plus(LEASE_MARGIN));
    }

    @Test
    void neverShortensALease() {
        Job running = claimedAt(fixture.now);
        Instant longLease = fixture.now.plus(LEASE_MARGIN);

        LeaseCheck check = fixture.jobs.renewLeases(
                List.of(running.id()), WORKER, longLease.plusSeconds(1), fixture.now.plusSeconds(1));

        assertThat(check.renewed()).isOne();
        assertThat(fixture.find(running.id()).leaseExpiresAt()).isEqualTo(longLease);
    }

    private Job claimedAt(Instant now) {
        Job job = fixture.insert(fixture.aJob().build(), now);
        assertThat(fixture.jobs.claimQueued(List.of(job.id()), WORKER, now, LEASE_MARGIN))
                .hasSize(1);
        return fixture.find(job.id());
    }

    /** A beat at {@code now}: renews what has less than half the margin left, to the whole margin. */
    private LeaseCheck renewAt(Instant now, UUID... ids) {
        return fixture.jobs.renewLeases(
                List.of(ids), WORKER, now.plus(LEASE_MARGIN.dividedBy(2)), now.plus(LEASE_MARGIN));
    }

    private String rowVersion(UUID id) {
        return fixture.jdbc.sql(ROW_VERSION).param("id", id).query(String.class).single();
    }
}
