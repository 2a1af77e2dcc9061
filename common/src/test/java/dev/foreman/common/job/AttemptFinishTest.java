package dev.foreman.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttemptFinishTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aReportEndsItsJobSucceededRetryingOrDeadAsTheTableAllowsARunningJob() {
        for (JobState next : EnumSet.of(JobState.SUCCEEDED, JobState.RETRYING, JobState.DEAD)) {
            assertThat(JobState.RUNNING.canTransitionTo(next)).isTrue();
            assertThat(finish(next).nextState()).isEqualTo(next);
        }
    }

    @Test
    void aReportCannotQueueCancelOrScheduleItsJob() {
        for (JobState next : EnumSet.complementOf(EnumSet.of(JobState.SUCCEEDED, JobState.RETRYING, JobState.DEAD))) {
            assertThatThrownBy(() -> finish(next))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(next.wireName());
        }
    }

    private static AttemptFinish finish(JobState next) {
        return new AttemptFinish(
                UUID.randomUUID(), 1, "worker-a", next, NOW, AttemptOutcome.FAILED, 503, null, "HTTP 503", NOW, 5);
    }
}
