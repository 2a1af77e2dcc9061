package dev.foreman.common.job;

/**
 * A job a worker has just claimed, with its tenant's signing secret for the dispatch signature and,
 * while a rotation's overlap lasts, the secret it replaced (null otherwise): both sign.
 */
public record ClaimedJob(Job job, String signingSecret, String previousSigningSecret) {

    public ClaimedJob(Job job, String signingSecret) {
        this(job, signingSecret, null);
    }
}
