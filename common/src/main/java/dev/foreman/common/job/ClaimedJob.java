package dev.foreman.common.job;

/**
 * A job a worker has just claimed, with its tenant's signing secret for the dispatch signature
 * and what flow control needs to know to let it start.
 */
public record ClaimedJob(Job job, String signingSecret, FlowControl flow) {

    /** A claim with no flow-control facts: no key, never parked. */
    public ClaimedJob(Job job, String signingSecret) {
        this(job, signingSecret, FlowControl.NONE);
    }
}
