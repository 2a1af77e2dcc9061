package dev.foreman.api.outbox;

import dev.foreman.api.ApiProperties;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.common.outbox.OutboxRepository;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the outbox rows of the jobs a submission queues, and publishes them to Kafka the moment
 * the submission's transaction commits instead of waiting for a relay's next batch: the relay's
 * wake-up, its batch in hand and its own transaction are off the path from submit to start.
 *
 * <p>The rows are written like any other, in the same transaction as their jobs, so a job that
 * committed is never lost; they only tell relays to leave them alone for the relay grace, while
 * this replica publishes and deletes them. With {@code outbox.publish-on-commit=false}, or outside
 * a Spring-managed transaction, the rows are left to the relays as before.
 */
public class PublishOnCommit {
    private final OutboxRepository outbox;
    private final DirectPublisher publisher;
    private final ApiProperties.Outbox settings;

    PublishOnCommit(OutboxRepository outbox, DirectPublisher publisher, ApiProperties.Outbox settings) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.settings = settings;
    }

    /** Adds the outbox rows of {@code jobs}; call inside the transaction that queued them. */
    public void enqueue(List<DueJob> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return;
        }
        if (!settings.publishOnCommit() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            outbox.enqueueAll(jobs, now);
            return;
        }
        List<OutboxEntry> rows = outbox.enqueueForPublisher(jobs, now, now.plus(settings.relayGrace()));
        // After the commit, never before: a record must not reach a worker before its job is visible.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.offer(rows);
            }
        });
    }
}
