package dev.foreman.testkit.jobs;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a stored {@link Job}, failing with the job's id and the facts that matter
 * for the queue: {@code assertThatJob(job).isIn(RUNNING).hasAttempt(1).isLeasedTo("worker-a")}.
 */
public final class JobAssert extends AbstractAssert<JobAssert, Job> {
    private JobAssert(Job actual) {
        super(actual, JobAssert.class);
    }

    public static JobAssert assertThatJob(Job actual) {
        return new JobAssert(actual);
    }

    public JobAssert isIn(JobState expected) {
        isNotNull();
        if (actual.state() != expected) {
            failWithMessage(
                    "Expected job %s to be %s but it was %s (attempt %d, last error %s)",
                    actual.id(), expected, actual.state(), actual.attempt(), actual.lastError());
        }
        return this;
    }

    public JobAssert hasAttempt(int expected) {
        isNotNull();
        if (actual.attempt() != expected) {
            failWithMessage(
                    "Expected job %s to be at attempt %d but it was at %d", actual.id(), expected, actual.attempt());
        }
        return this;
    }

    public JobAssert isLeasedTo(String owner) {
        isNotNull();
        if (!Objects.equals(actual.leaseOwner(), owner) || actual.leaseExpiresAt() == null) {
            failWithMessage(
                    "Expected job %s to be leased to %s but its lease was %s until %s",
                    actual.id(), owner, actual.leaseOwner(), actual.leaseExpiresAt());
        }
        return this;
    }

    public JobAssert hasNoLease() {
        isNotNull();
        if (actual.leaseOwner() != null || actual.leaseExpiresAt() != null) {
            failWithMessage(
                    "Expected job %s to have no lease but it was leased to %s until %s",
                    actual.id(), actual.leaseOwner(), actual.leaseExpiresAt());
        }
        return this;
    }

    public JobAssert isDueAt(Instant expected) {
        isNotNull();
        if (!Objects.equals(actual.runAt(), expected)) {
            failWithMessage(
                    "Expected job %s to be due at %s but it is due at %s", actual.id(), expected, actual.runAt());
        }
        return this;
    }

    /** The HTTP status the target answered on the last attempt. */
    public JobAssert hasResultStatus(int expected) {
        isNotNull();
        Integer status = actual.result() == null ? null : actual.result().status();
        if (status == null || status != expected) {
            failWithMessage("Expected job %s to have result status %d but it had %s", actual.id(), expected, status);
        }
        return this;
    }
}
