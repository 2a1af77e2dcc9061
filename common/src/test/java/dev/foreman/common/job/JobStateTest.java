package dev.foreman.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JobStateTest {
    private static final Path STATE_MACHINE_DOC = Path.of("..", "docs", "state-machine.md");
    private static final Pattern DIAGRAM_ARROW = Pattern.compile("(?m)^\\s*(\\[\\*]|[a-z]+) --> (\\[\\*]|[a-z]+)");

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
    void aReplayedJobIsQueuedAgainNeverScheduled() {
        assertThat(EnumSet.allOf(JobState.class))
                .filteredOn(JobState.DEAD::canTransitionTo)
                .containsExactly(JobState.QUEUED);
        assertThat(EnumSet.allOf(JobState.class))
                .filteredOn(JobState.CANCELLED::canTransitionTo)
                .containsExactly(JobState.QUEUED);
    }

    @Test
    void nothingBecomesScheduledOnceCreated() {
        assertThat(EnumSet.allOf(JobState.class)).noneMatch(state -> state.canTransitionTo(JobState.SCHEDULED));
    }

    @Test
    void newJobsStartScheduledOrQueued() {
        assertThat(EnumSet.allOf(JobState.class))
                .filteredOn(JobState::isInitial)
                .containsExactlyInAnyOrder(JobState.SCHEDULED, JobState.QUEUED);
    }

    @Test
    void theDiagramInTheDocsDrawsExactlyTheTable() throws IOException {
        Set<String> drawn = new HashSet<>();
        Matcher arrows = DIAGRAM_ARROW.matcher(Files.readString(STATE_MACHINE_DOC));
        while (arrows.find()) {
            drawn.add(arrows.group(1) + " --> " + arrows.group(2));
        }
        Set<String> table = new HashSet<>();
        for (JobState from : JobState.values()) {
            if (from.isInitial()) {
                table.add("[*] --> " + from.wireName());
            }
            if (from.isTerminal()) {
                table.add(from.wireName() + " --> [*]");
            }
            for (JobState to : JobState.values()) {
                if (from.canTransitionTo(to)) {
                    table.add(from.wireName() + " --> " + to.wireName());
                }
            }
        }

        assertThat(drawn).as("arrows in %s", STATE_MACHINE_DOC).isEqualTo(table);
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
