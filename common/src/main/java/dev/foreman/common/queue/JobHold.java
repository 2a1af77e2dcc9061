package dev.foreman.common.queue;

import java.time.Instant;

/**
 * Where flow control delayed or ended a job, for its timeline: parked {@code times} times for
 * {@code reason} between {@code firstAt} and {@code lastAt}; {@code purged} ends the job.
 */
public record JobHold(String reason, Instant firstAt, Instant lastAt, int times) {}
