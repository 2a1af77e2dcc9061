package dev.foreman.api.jobs;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.JobRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A person's retry of dead or cancelled jobs. Each job goes back to queued with a fresh attempt
 * budget (its attempt history continues) and gets its outbox row in the same statement, so the
 * retry reaches Kafka if and only if it commits.
 */
@Component
class JobRetrier {
    private static final Logger log = LoggerFactory.getLogger(JobRetrier.class);

    /**
     * Jobs re-queued per transaction by a bulk retry: a dead-letter queue of a million jobs is
     * retried without one transaction holding a million row locks, and each batch is visible to the
     * relay as soon as it commits.
     */
    static final int BULK_BATCH_SIZE = 500;

    private final JobRepository jobs;
    private final Clock clock;
    private final Counter retriedJobs;
    private final Counter retriedDeadLetters;
    private final Counter retriedInBulk;

    JobRetrier(JobRepository jobs, Clock clock, MeterRegistry meters) {
        this.jobs = jobs;
        this.clock = clock;
        this.retriedJobs = retriedCounter(meters, "job");
        this.retriedDeadLetters = retriedCounter(meters, "dlq");
        this.retriedInBulk = retriedCounter(meters, "dlq_bulk");
    }

    /**
     * {@code POST /v1/jobs/{id}/retry}.
     *
     * @return the re-queued job; empty when the tenant has no such job or it is not dead or cancelled
     */
    Optional<Job> retry(UUID tenantId, UUID id) {
        Optional<Job> retried = jobs.retryByPerson(tenantId, id, clock.instant());
        retried.ifPresent(job -> retriedJobs.increment());
        return retried;
    }

    /**
     * {@code POST /v1/dlq/{id}/retry}: like {@link #retry}, but only for a job in the dead-letter
     * queue (dead and not discarded).
     *
     * @return the re-queued job; empty when the job is not in the tenant's dead-letter queue
     */
    Optional<Job> retryDeadLetter(UUID tenantId, UUID id) {
        Optional<Job> retried = jobs.retryDeadLetter(tenantId, id, clock.instant());
        retried.ifPresent(job -> retriedDeadLetters.increment());
        return retried;
    }

    /**
     * {@code POST /v1/dlq/retry}: every dead-letter job of the tenant that matches the filter's
     * queue, type and priority, one transaction per batch.
     *
     * @return how many jobs were re-queued
     */
    int retryDeadLetters(JobFilter filter) {
        Instant started = clock.instant();
        int total = 0;
        int batch;
        do {
            batch = jobs.retryDeadLetters(filter, started, clock.instant(), BULK_BATCH_SIZE)
                    .size();
            total += batch;
            retriedInBulk.increment(batch);
        } while (batch == BULK_BATCH_SIZE);
        log.info(
                "Retried {} dead-letter jobs of tenant {} (queue {}, type {}, priority {})",
                total,
                filter.tenantId(),
                filter.queue() == null ? "any" : filter.queue(),
                filter.type() == null ? "any" : filter.type(),
                filter.priority() == null ? "any" : filter.priority().wireName());
        return total;
    }

    private static Counter retriedCounter(MeterRegistry meters, String via) {
        return Counter.builder("foreman.jobs.retried")
                .description("Dead or cancelled jobs a person queued again, by the endpoint used")
                .tag("via", via)
                .register(meters);
    }
}
