package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.common.wire.WireNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code GET /v1/jobs} and of the dead-letter list {@code GET /v1/dlq}, checked
 * strictly: an unknown parameter is an error rather than a filter silently not applied, and a
 * {@code queue} or {@code type} no job can have (a control character, which Postgres text also
 * refuses when it is NUL) is an error rather than an empty page.
 */
record JobListQuery(JobState state, String queue, String type, Priority priority, UUID after, int limit) {
    static final Set<String> PARAMETERS = Set.of("state", "queue", "type", "priority", "limit", "cursor");
    /** Every job in the dead-letter queue is dead, so its list has no {@code state}. */
    static final Set<String> DEAD_LETTER_PARAMETERS = Set.of("queue", "type", "priority", "limit", "cursor");

    static JobListQuery parse(MultiValueMap<String, String> params, ApiProperties.Jobs settings) {
        return parse(params, PARAMETERS, settings);
    }

    static JobListQuery parseDeadLetters(MultiValueMap<String, String> params, ApiProperties.Jobs settings) {
        return parse(params, DEAD_LETTER_PARAMETERS, settings);
    }

    private static JobListQuery parse(
            MultiValueMap<String, String> params, Set<String> allowed, ApiProperties.Jobs settings) {
        List<InvalidField> errors = new ArrayList<>();
        PageParams.rejectUnknownOrRepeated(params, allowed, errors);
        JobState state = null;
        String stateName = params.getFirst("state");
        if (stateName != null) {
            state = WireNames.find(JobState.class, stateName).orElse(null);
            if (state == null) {
                errors.add(new InvalidField("state", "must be one of " + WireNames.list(JobState.class)));
            }
        }
        Priority priority = null;
        String priorityName = params.getFirst("priority");
        if (priorityName != null) {
            priority = WireNames.find(Priority.class, priorityName).orElse(null);
            if (priority == null) {
                errors.add(new InvalidField("priority", "must be one of " + WireNames.list(Priority.class)));
            }
        }
        String queue = blankToNull(params.getFirst("queue"));
        if (queue != null && SubmissionValidator.invalidQueue(queue) != null) {
            errors.add(new InvalidField(
                    "queue", SubmissionValidator.invalidQueue(queue) + "; omit it to list every queue"));
        }
        String type = blankToNull(params.getFirst("type"));
        if (type != null && SubmissionValidator.invalidType(type) != null) {
            errors.add(
                    new InvalidField("type", SubmissionValidator.invalidType(type) + "; omit it to list every type"));
        }
        int limit = PageParams.limit(params, settings, errors);
        if (!errors.isEmpty()) {
            throw new ApiProblem(ProblemCode.INVALID_PARAMETER, ProblemCode.INVALID_PARAMETER.defaultDetail(), errors);
        }
        UUID after = PageParams.after(params);
        return new JobListQuery(state, queue, type, priority, after, limit);
    }

    /** The repository filter; asks for one job more than the page to learn whether another page follows. */
    JobFilter filterFor(UUID tenantId) {
        return new JobFilter(tenantId, state, queue, type, priority, after, limit + 1);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
