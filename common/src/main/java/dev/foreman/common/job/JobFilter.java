package dev.foreman.common.job;

import java.util.UUID;

/**
 * A page request for the job list. Null fields do not filter. {@code after} is the keyset cursor:
 * the list is newest first, so the page holds jobs with ids below it.
 */
public record JobFilter(
        UUID tenantId, JobState state, String queue, String type, Priority priority, UUID after, int limit) {}
