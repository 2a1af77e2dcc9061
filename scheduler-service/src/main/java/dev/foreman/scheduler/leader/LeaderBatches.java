package dev.foreman.scheduler.leader;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains leader-only work on jobs in batches. Each batch is one transaction, in which the batch's
 * statements change jobs (a statement that makes jobs queued writes their outbox rows itself). A
 * full batch is followed at once by the next (more is probably waiting, and a burst should drain
 * in one round, not one batch per interval); none runs once this instance stops leading.
 */
@Component
public class LeaderBatches {
    private final Leadership leadership;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public LeaderBatches(Leadership leadership, PlatformTransactionManager transactions, Clock clock) {
        this.leadership = leadership;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** One batch's statement: changes at most {@code limit} jobs as of {@code now} and answers them. */
    @FunctionalInterface
    public interface JobBatch<T> {
        List<T> change(Instant now, int limit);
    }

    /**
     * Runs {@code batch} until it answers fewer jobs than {@code batchSize} or leadership ends.
     *
     * @param committed sees each non-empty batch once its transaction committed (for metrics and
     *     logs, which must not count a batch that rolled back)
     * @return how many jobs all batches changed
     */
    public <T> int drain(int batchSize, JobBatch<T> batch, Consumer<List<T>> committed) {
        int total = 0;
        while (leadership.isLeader()) {
            List<T> changed = transaction.execute(status -> batch.change(clock.instant(), batchSize));
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
