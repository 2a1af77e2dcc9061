package dev.foreman.api.jobs;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.Priority;
import dev.foreman.common.wire.WireNames;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The optional body of {@code POST /v1/dlq/retry}: which dead-letter jobs to retry. An absent field
 * matches every value; no body retries the whole dead-letter queue of the tenant.
 */
record DeadLetterSelection(String queue, String type, String priority) {
    static final DeadLetterSelection EVERYTHING = new DeadLetterSelection(null, null, null);

    /**
     * @throws ApiProblem {@code validation_failed} for an empty name, a name no job can have (a
     *     control character, which Postgres text also refuses when it is NUL) or an unknown
     *     priority: an empty string is more likely a bug in the caller than a wish to retry everything
     */
    JobFilter filterFor(UUID tenantId) {
        List<InvalidField> errors = new ArrayList<>();
        checkNotEmpty("queue", queue, errors);
        checkNotEmpty("type", type, errors);
        if (queue != null && !queue.isEmpty() && SubmissionValidator.invalidQueue(queue) != null) {
            errors.add(new InvalidField(
                    "queue", SubmissionValidator.invalidQueue(queue) + "; omit it to match every queue"));
        }
        if (type != null && !type.isEmpty() && SubmissionValidator.invalidType(type) != null) {
            errors.add(
                    new InvalidField("type", SubmissionValidator.invalidType(type) + "; omit it to match every type"));
        }
        Priority wanted = null;
        if (priority != null) {
            wanted = WireNames.find(Priority.class, priority).orElse(null);
            if (wanted == null) {
                errors.add(new InvalidField(
                        "priority",
                        "must be one of " + WireNames.list(Priority.class) + "; omit it to match every priority"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validationFailed(errors);
        }
        // The bulk retry reads only the tenant, queue, type and priority of the filter.
        return new JobFilter(tenantId, null, queue, type, wanted, null, JobRetrier.BULK_BATCH_SIZE);
    }

    private static void checkNotEmpty(String field, String value, List<InvalidField> errors) {
        if (value != null && value.isEmpty()) {
            errors.add(new InvalidField(field, "must not be empty; omit it to match every " + field));
        }
    }
}
