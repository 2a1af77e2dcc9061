package dev.foreman.worker.finish;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of attempt finishes. Attempts hand their finish in and wait; one thread writes
 * everything handed in since its last write in one statement ({@link JobRepository#finishAttempts})
 * and then tells each attempt whether its finish was applied. While one write runs the next batch
 * gathers, so under load one statement finishes many attempts, and a lone finish is written at once:
 * there is no timer to wait for.
 *
 * <p>An attempt keeps its in-flight slot and its place in the heartbeat until its write committed,
 * so batching changes nothing for the lease, the shutdown grace or a crash: a finish that was not
 * written is an attempt whose lease expires and is reaped, as before. A failed write (a deadlock with
 * the heartbeat, a dropped connection) is tried again a few times; the finishes are fenced on the
 * lease, so writing one twice applies it once.
 */
final class FinishBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FinishBatcher.class);
    static final int MAX_TRIES = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

    private final JobRepository jobs;
    private final Clock clock;
    private final int maxBatch;
    private final IntConsumer batchSizes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param maxBatch the most finishes one statement writes
     * @param batchSizes told the size of every batch written
     */
    FinishBatcher(JobRepository jobs, Clock clock, int maxBatch, IntConsumer batchSizes) {
        this.jobs = jobs;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.batchSizes = batchSizes;
        this.writer = Thread.ofPlatform().name("foreman-finish-writer").daemon().start(this::writeUntilClosed);
    }

    /**
     * Hands {@code finish} in for the next write.
     *
     * @return completes with whether the finish was applied (false: the lease was lost), or
     *     exceptionally when it could not be written
     */
    CompletableFuture<Boolean> submit(AttemptFinish finish) {
        Pending pending = new Pending(finish, new CompletableFuture<>());
        queue.add(pending);
        if (closed && !writer.isAlive()) {
            // Handed in after the writer's last look: nobody else will answer it.
            failLeftovers();
        }
        return pending.applied();
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // write() completes every future; this only keeps the writer alive whatever happens.
                log.error("Writing {} attempt finishes failed unexpectedly", batch.size(), e);
                batch.forEach(p -> p.applied().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        failLeftovers();
    }

    private void failLeftovers() {
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.applied().completeExceptionally(new IllegalStateException("the finish writer has stopped"));
        }
    }

    private void write(List<Pending> batch) throws InterruptedException {
        List<AttemptFinish> finishes = batch.stream().map(Pending::finish).toList();
        for (int tries = 1; ; tries++) {
            try {
                Set<AttemptFinish> applied = identitySet(jobs.finishAttempts(finishes, clock.instant()));
                batchSizes.accept(batch.size());
                batch.forEach(p -> p.applied().complete(applied.contains(p.finish())));
                return;
            } catch (RuntimeException e) {
                if (tries == MAX_TRIES) {
                    batch.forEach(p -> p.applied().completeExceptionally(e));
                    return;
                }
                log.warn(
                        "Writing {} attempt finishes failed (try {} of {}); trying again in {}: {}",
                        batch.size(),
                        tries,
                        MAX_TRIES,
                        RETRY_PAUSE,
                        e.toString());
                Thread.sleep(RETRY_PAUSE);
            }
        }
    }

    private static Set<AttemptFinish> identitySet(List<AttemptFinish> finishes) {
        Set<AttemptFinish> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(finishes);
        return set;
    }

    /** Writes what was handed in so far, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(CLOSE_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(AttemptFinish finish, CompletableFuture<Boolean> applied) {}
}
