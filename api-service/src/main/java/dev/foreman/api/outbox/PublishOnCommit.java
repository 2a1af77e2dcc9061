package dev.foreman.api.outbox;

import dev.foreman.api.ApiProperties;
import dev.foreman.common.outbox.OutboxEntry;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes the outbox rows of the jobs a submission queues to Kafka the moment the submission's
 * transaction commits, instead of waiting for a relay's next batch: the relay's wake-up, its batch
 * in hand and its own transaction are off the path from submit to start.
 *
 * <p>The rows are written like any other, by the statement that inserts their jobs, so a job that
 * committed is never lost; they only tell relays to leave them alone for the relay grace
 * ({@link #relayAfter}), while this replica publishes and deletes them. With
 * {@code outbox.publish-on-commit=false}, or outside a Spring-managed transaction, the rows are
 * left to the relays as before.
 */
public class PublishOnCommit {
    private final DirectPublisher publisher;
    private final ApiProperties.Outbox settings;

    PublishOnCommit(DirectPublisher publisher, ApiProperties.Outbox settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    /**
     * When relays may publish the outbox rows the current transaction writes at {@code now}: after
     * the relay grace when this replica publishes them itself, else at once (null).
     */
    public Instant relayAfter(Instant now) {
        return publishes() ? now.plus(settings.relayGrace()) : null;
    }

    /**
     * Publishes {@code rows}, written by the current transaction with {@link #relayAfter}, once it
     * commits; nothing if it rolls back.
     */
    public void publishAfterCommit(List<OutboxEntry> rows) {
        if (rows.isEmpty() || !publishes()) {
            return;
        }
        // After the commit, never before: a record must not reach a worker before its job is visible.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.offer(rows);
            }
        });
    }

    private boolean publishes() {
        return settings.publishOnCommit() && TransactionSynchronizationManager.isSynchronizationActive();
    }
}
