package dev.foreman.bench.peer;

import java.util.UUID;
import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * A JobRunr job that does what a Foreman bench job does: POST a small payload to the no-op target.
 * A plain class with a no-arg constructor, as JobRunr's JSON mappers need to read it back.
 */
public final class NoopPost implements JobRequest {
    private UUID jobId;
    private String url;

    /** For JobRunr's JSON mapper. */
    public NoopPost() {}

    /**
     * @param jobId sent as {@code Foreman-Job-Id}, by which the target counts each job once
     * @param url the target's URL for this run
     */
    public NoopPost(UUID jobId, String url) {
        this.jobId = jobId;
        this.url = url;
    }

    public UUID getJobId() {
        return jobId;
    }

    public String getUrl() {
        return url;
    }

    @Override
    public Class<NoopPostHandler> getJobRequestHandler() {
        return NoopPostHandler.class;
    }
}
