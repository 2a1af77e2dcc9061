package dev.foreman.api.jobs;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobDocument;
import dev.foreman.common.tenant.ApiKeyRole;
import java.util.List;

/** The list-shaped response bodies of the job API. */
final class ResponseBodies {
    private ResponseBodies() {}

    /** {@code POST /v1/jobs/batch}: the jobs in the order they were submitted. */
    record JobBatch(List<JobDocument> jobs) {}

    /**
     * {@code GET /v1/jobs} and {@code GET /v1/dlq}: one page, newest first; {@code nextCursor} is
     * null on the last page.
     */
    record JobPage(List<JobDocument> items, String nextCursor) {

        /** The page of {@code found}, which holds one job more than {@code limit} when another page follows. */
        static JobPage of(List<Job> found, int limit) {
            boolean more = found.size() > limit;
            List<Job> page = more ? found.subList(0, limit) : found;
            String nextCursor = more ? PageCursor.encode(page.getLast().id()) : null;
            return new JobPage(page.stream().map(JobDocument::of).toList(), nextCursor);
        }

        /** As a caller of this role may see it: a {@code read_only} key sees no header values. */
        JobPage forRole(ApiKeyRole role) {
            return role == ApiKeyRole.READ_ONLY
                    ? new JobPage(
                            items.stream()
                                    .map(JobDocument::withTargetHeaderValuesHidden)
                                    .toList(),
                            nextCursor)
                    : this;
        }
    }

    /** {@code GET /v1/jobs/{id}/attempts}: first attempt first. */
    record AttemptTimeline(List<AttemptView> items) {}

    /** {@code GET /v1/jobs/{id}/callbacks}: first callback first. */
    record CallbackList(List<CallbackView> items) {}

    /** {@code POST /v1/dlq/retry}: how many dead-letter jobs were queued again. */
    record RetriedDeadLetters(int retried) {}
}
