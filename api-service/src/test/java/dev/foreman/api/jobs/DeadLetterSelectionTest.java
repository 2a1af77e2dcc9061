package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.Priority;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterSelectionTest {
    private static final UUID TENANT = UUID.fromString("0190f5a2-0000-7000-8000-000000000001");

    @Test
    void noBodySelectsTheWholeDeadLetterQueueOfTheTenant() {
        JobFilter filter = DeadLetterSelection.EVERYTHING.filterFor(TENANT);

        assertThat(filter.tenantId()).isEqualTo(TENANT);
        assertThat(filter.queue()).isNull();
        assertThat(filter.type()).isNull();
        assertThat(filter.priority()).isNull();
    }

    @Test
    void selectsByQueueTypeAndPriority() {
        JobFilter filter = new DeadLetterSelection("emails", "send_welcome", "high").filterFor(TENANT);

        assertThat(filter.queue()).isEqualTo("emails");
        assertThat(filter.type()).isEqualTo("send_welcome");
        assertThat(filter.priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void refusesEmptyNamesAndAnUnknownPriorityRatherThanRetryingEverything() {
        assertThatThrownBy(() -> new DeadLetterSelection("", "", "urgent").filterFor(TENANT))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(problem.errors())
                            .extracting(InvalidField::field)
                            .containsExactly("queue", "type", "priority");
                });
    }

    @Test
    void refusesNamesWithNulOrNewlinesRatherThanPassingThemToPostgresOrTheLog() {
        assertThatThrownBy(
                        () -> new DeadLetterSelection("emails\u0000", "welcome\nINFO forged", null).filterFor(TENANT))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(problem.errors()).extracting(InvalidField::field).containsExactly("queue", "type");
                });
    }
}
