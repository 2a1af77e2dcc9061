package dev.foreman.common.job;

import dev.foreman.common.outbox.OutboxEntry;
import java.util.List;

/**
 * What one insert of jobs stored: the jobs (those whose idempotency key was already used are not
 * among them), and the outbox rows it wrote for the ones it queued, oldest first.
 */
public record InsertedJobs(List<Job> jobs, List<OutboxEntry> outboxRows) {}
