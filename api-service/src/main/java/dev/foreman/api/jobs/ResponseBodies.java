package dev.foreman.api.jobs;

import dev.foreman.common.job.JobDocument;
import java.util.List;

/** The list-shaped response bodies of the job API. */
final class ResponseBodies {
    private ResponseBodies() {}

    /** {@code POST /v1/jobs/batch}: the jobs in the order they were submitted. */
    record JobBatch(List<JobDocument> jobs) {}

    /** {@code GET /v1/jobs}: one page, newest first; {@code nextCursor} is null on the last page. */
    record JobPage(List<JobDocument> items, String nextCursor) {}

    /** {@code GET /v1/jobs/{id}/attempts}: first attempt first. */
    record AttemptTimeline(List<AttemptView> items) {}
}
