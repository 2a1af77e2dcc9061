package dev.foreman.scheduler.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** The drain loop's decisions, without a database. */
class LeaderBatchesTest {
    private final CountingTransactions transactions = new CountingTransactions();
    private final List<Integer> committedSizes = new ArrayList<>();

    @Test
    void runsTheNextBatchAtOnceWhileBatchesComeBackFull() {
        LeaderBatches batches = batches(() -> true);

        int total = batches.drain(3, batchesOf(3, 3, 1, 3), done -> committedSizes.add(done.size()));

        assertThat(total).isEqualTo(7);
        assertThat(committedSizes).containsExactly(3, 3, 1);
        assertThat(transactions.commits).isEqualTo(3);
    }

    @Test
    void stopsBetweenBatchesOnceLeadershipEnds() {
        AtomicBoolean leading = new AtomicBoolean(true);

        int total = batches(leading::get).drain(3, batchesOf(3, 3, 3), done -> {
            committedSizes.add(done.size());
            leading.set(false);
        });

        assertThat(total).isEqualTo(3);
        assertThat(committedSizes).containsExactly(3);
    }

    @Test
    void neitherCountsNorCommitsABatchThatFailed() {
        LeaderBatches.JobBatch<Integer> failing = (now, limit) -> {
            throw new IllegalStateException("database went away");
        };

        assertThatThrownBy(() -> batches(() -> true).drain(3, failing, done -> committedSizes.add(done.size())))
                .hasMessage("database went away");

        assertThat(committedSizes).isEmpty();
        assertThat(transactions.commits).isZero();
        assertThat(transactions.rollbacks).isEqualTo(1);
    }

    private LeaderBatches batches(Leadership leadership) {
        return new LeaderBatches(leadership, transactions, Clock.systemUTC());
    }

    /** Answers batches of the given sizes in turn, each no larger than the limit. */
    private static LeaderBatches.JobBatch<Integer> batchesOf(Integer... sizes) {
        Iterator<Integer> next = List.of(sizes).iterator();
        return (now, limit) -> Collections.nCopies(Math.min(limit, next.next()), 0);
    }

    /** Transaction boundaries without a database: all the drain loop needs from them. */
    private static final class CountingTransactions extends AbstractPlatformTransactionManager {
        int commits;
        int rollbacks;

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits++;
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            rollbacks++;
        }
    }
}
