package dev.foreman.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void terminalStatesAreSucceededDeadAndCancelled() {
        assertThat(Arrays.stream(JobState.values()).filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED);
    }

    @Test
    void succeededIsFinal() {
        assertThat(EnumSet.allOf(JobState.class)).noneMatch(JobState.SUCCEEDED::canTransitionTo);
    }

    @Test
    void everyNonTerminalStateCanBeCancelled() {
        assertThat(EnumSet.allOf(JobState.class))
                .filteredOn(state -> !state.isTerminal())
                .allMatch(state -> state.canTransitionTo(JobState.CANCELLED));
    }

    @Test
    void onlyQueuedJobsCanStartRunning() {
        assertThat(EnumSet.allOf(JobState.class))
                .filteredOn(state -> state.canTransitionTo(JobState.RUNNING))
                .containsExactly(JobState.QUEUED);
    }

    @Test
    void deadAndCancelledJobsCanBeReplayedByAPerson() {
        assertThat(JobState.DEAD.canTransitionTo(JobState.QUEUED)).isTrue();
        assertThat(JobState.CANCELLED.canTransitionTo(JobState.QUEUED)).isTrue();
    }

    @Test
    void aRetryingJobReturnsToQueuedWhenDue() {
        assertThat(JobState.RETRYING.canTransitionTo(JobState.QUEUED)).isTrue();
        assertThat(JobState.RETRYING.canTransitionTo(JobState.RUNNING)).isFalse();
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobState state : JobState.values()) {
            assertThat(JobState.fromWireName(state.wireName())).isEqualTo(state);
            assertThat(state.wireName()).isLowerCase();
        }
    }

    @Test
    void eachPriorityHasItsOwnTopicHighestFirst() {
        assertThat(JobTopics.all()).containsExactly("foreman.jobs.high", "foreman.jobs.normal", "foreman.jobs.low");
    }
}
