package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class JobListQueryTest {
    private static final UUID TENANT = UUID.fromString("0190f5a2-0000-7000-8000-000000000001");

    @Test
    void withoutParametersListsTheNewestDefaultPage() {
        JobListQuery query = parse(new LinkedMultiValueMap<>());

        assertThat(query.filterFor(TENANT)).isEqualTo(new JobFilter(TENANT, null, null, null, null, null, 51));
    }

    @Test
    void readsEveryFilterAndTheCursor() {
        UUID last = UUID.fromString("0190f5a2-7c1e-7a3b-8f00-123456789abc");
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("state", "queued");
        params.add("queue", "emails");
        params.add("type", "send_welcome");
        params.add("priority", "high");
        params.add("limit", "10");
        params.add("cursor", PageCursor.encode(last));

        JobListQuery query = parse(params);

        assertThat(query.filterFor(TENANT))
                .isEqualTo(new JobFilter(TENANT, JobState.QUEUED, "emails", "send_welcome", Priority.HIGH, last, 11));
    }

    @Test
    void reportsEveryBadParameterAtOnce() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("state", "done");
        params.add("priority", "urgent");
        params.add("limit", "501");
        params.add("stat", "queued");

        assertThatThrownBy(() -> parse(params)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_PARAMETER);
            assertThat(problem.errors())
                    .extracting(InvalidField::field)
                    .containsExactlyInAnyOrder("state", "priority", "limit", "stat");
        });
    }

    @Test
    void theDeadLetterListTakesTheSameFiltersExceptState() {
        UUID last = UUID.fromString("0190f5a2-7c1e-7a3b-8f00-123456789abc");
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("queue", "emails");
        params.add("type", "send_welcome");
        params.add("priority", "low");
        params.add("limit", "3");
        params.add("cursor", PageCursor.encode(last));

        JobListQuery query = JobListQuery.parseDeadLetters(
                params, ApiPropertiesFixtures.defaults().jobs());

        assertThat(query.filterFor(TENANT))
                .isEqualTo(new JobFilter(TENANT, null, "emails", "send_welcome", Priority.LOW, last, 4));
    }

    @Test
    void theDeadLetterListRefusesAStateRatherThanIgnoringIt() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("state", "queued");

        assertThatThrownBy(() -> JobListQuery.parseDeadLetters(
                        params, ApiPropertiesFixtures.defaults().jobs()))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_PARAMETER);
                    assertThat(problem.errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("state");
                        assertThat(error.message()).contains("cursor, limit, priority, queue, type");
                    });
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue", "type"})
    void refusesAFilterWithNulOrANewlineRatherThanPassingItToPostgres(String name) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add(name, "emails\u0000\nINFO forged log line");

        assertThatThrownBy(() -> parse(params)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_PARAMETER);
            assertThat(problem.errors()).extracting(InvalidField::field).containsExactly(name);
        });
    }

    @Test
    void refusesAQueueFilterNoQueueCanBeNamed() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("queue", "emails/eu");

        assertThatThrownBy(() -> JobListQuery.parseDeadLetters(
                        params, ApiPropertiesFixtures.defaults().jobs()))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.errors())
                                .extracting(InvalidField::field)
                                .containsExactly("queue"));
    }

    @Test
    void rejectsANonNumericLimit() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("limit", "ten");

        assertThatThrownBy(() -> parse(params))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.errors())
                                .extracting(InvalidField::field)
                                .containsExactly("limit"));
    }

    @Test
    void rejectsAForgedCursorAsInvalidCursor() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("cursor", "bm90LWEtY3Vyc29y");

        assertThatThrownBy(() -> parse(params))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_CURSOR));
    }

    private static JobListQuery parse(MultiValueMap<String, String> params) {
        return JobListQuery.parse(params, ApiPropertiesFixtures.defaults().jobs());
    }
}
