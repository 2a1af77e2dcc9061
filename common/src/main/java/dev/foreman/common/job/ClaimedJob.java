package dev.foreman.common.job;

/**
 * A job a worker has just claimed, with its tenant's signing secret for the dispatch signature,
 * while a rotation's overlap lasts the secret it replaced (null otherwise: both sign), and what
 * flow control needs to know to let it start.
 */
public record ClaimedJob(Job job, String signingSecret, String previousSigningSecret, FlowControl flow) {

    /** A claim with no previous secret and no flow-control facts: no key, never parked. */
    public ClaimedJob(Job job, String signingSecret) {
        this(job, signingSecret, null, FlowControl.NONE);
    }

    /** A claim during a secret rotation's overlap, with no flow-control facts. */
    public ClaimedJob(Job job, String signingSecret, String previousSigningSecret) {
        this(job, signingSecret, previousSigningSecret, FlowControl.NONE);
    }

    /** A claim with flow-control facts and no previous secret. */
    public ClaimedJob(Job job, String signingSecret, FlowControl flow) {
        this(job, signingSecret, null, flow);
    }
}
