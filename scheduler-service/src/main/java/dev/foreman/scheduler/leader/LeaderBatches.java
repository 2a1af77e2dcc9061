package dev.foreman.scheduler.leader;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.outbox.OutboxRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains leader-only work on jobs in batches. Each batch is one transaction: the batch's statement
 * changes jobs, and every job it made queued gets its outbox row before commit, so a job is queued
 * exactly when it is also on its way to Kafka. A full batch is followed at once by the next (more
 * is probably waiting, and a burst should drain in one round, not one batch per interval); none
 * runs once this instance stops leading.
 */
@Component
public class LeaderBatches {
    private final Leadership leadership;
    private final TransactionTemplate transaction;
    private final OutboxRepository outbox;
    private final Clock clock;

    public LeaderBatches(
            Leadership leadership, PlatformTransactionManager transactions, OutboxRepository outbox, Clock clock) {
        this.leadership = leadership;
        this.transaction = new TransactionTemplate(transactions);
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One batch's statement: changes at most {@code limit} jobs as of {@code now} and answers them. */
    @FunctionalInterface
    public interface JobBatch<T> {
        List<T> change(Instant now, int limit);
    }

    /**
     * Drains {@code batch}, every job of which became queued.
     *
     * @see #drain(int, JobBatch, Function, Consumer)
     */
    public int drainQueued(int batchSize, JobBatch<DueJob> batch, Consumer<List<DueJob>> committed) {
        return drain(batchSize, batch, Function.identity(), committed);
    }

    /**
     * Runs {@code batch} until it answers fewer jobs than {@code batchSize} or leadership ends.
     *
     * @param queued picks, from what a batch changed, the jobs it made queued: they get outbox rows
     * @param committed sees each non-empty batch once its transaction committed (for metrics and
     *     logs, which must not count a batch that rolled back)
     * @return how many jobs all batches changed
     */
    public <T> int drain(
            int batchSize, JobBatch<T> batch, Function<List<T>, List<DueJob>> queued, Consumer<List<T>> committed) {
        int total = 0;
        while (leadership.isLeader()) {
            List<T> changed = transaction.execute(status -> {
                Instant now = clock.instant();
                List<T> done = batch.change(now, batchSize);
                outbox.enqueueAll(queued.apply(done), now);
                return done;
            });
            if (changed == null || changed.isEmpty()) {
                break;
            }
            committed.accept(changed);
            total += changed.size();
            if (changed.size() < batchSize) {
                break;
            }
        }
        return total;
    }
}
