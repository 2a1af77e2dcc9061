package dev.foreman.testkit.jobs;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobAssertTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void passesOnARunningJobLeasedToItsWorker() {
        Job job = running("worker-a");

        assertThatJob(job)
                .isIn(JobState.RUNNING)
                .hasAttempt(1)
                .isLeasedTo("worker-a")
                .isDueAt(NOW);
    }

    @Test
    void failsNamingTheJobAndItsActualState() {
        Job job = running("worker-a");

        assertThatThrownBy(() -> assertThatJob(job).isIn(JobState.SUCCEEDED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(job.id().toString())
                .hasMessageContaining("to be SUCCEEDED but it was RUNNING");
    }

    @Test
    void failsWhenTheLeaseBelongsToAnotherWorker() {
        assertThatThrownBy(() -> assertThatJob(running("worker-b")).isLeasedTo("worker-a"))
                .hasMessageContaining("leased to worker-a but its lease was worker-b");
        assertThatThrownBy(() -> assertThatJob(running("worker-b")).hasNoLease())
                .hasMessageContaining("to have no lease");
    }

    @Test
    void failsWhenThereIsNoResultYet() {
        assertThatThrownBy(() -> assertThatJob(running("worker-a")).hasResultStatus(200))
                .hasMessageContaining("result status 200 but it had null");
    }

    private static Job running(String owner) {
        return Jobs.stored(Jobs.aJob().dueAt(NOW).build(), JobState.RUNNING, 1, NOW, owner);
    }
}
