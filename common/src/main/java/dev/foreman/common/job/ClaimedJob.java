package dev.foreman.common.job;

/** A job a worker has just claimed, with its tenant's signing secret for the dispatch signature. */
public record ClaimedJob(Job job, String signingSecret) {}
