package dev.foreman.common.queue;

import dev.foreman.common.job.JobState;
import java.time.Instant;
import java.util.Map;

/**
 * How many of a queue's jobs are in each state (parked jobs count as queued), and since when the
 * oldest queued one waits (null when none does).
 */
public record QueueDepth(String name, Map<JobState, Long> counts, Instant oldestQueuedAt) {}
