package dev.foreman.worker.finish;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.GroupWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * Group commit of attempt finishes, a {@link GroupWriter}. Attempts hand their finish in and wait; one thread writes
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
final class FinishBatcher implements BackgroundWork {
    static final int MAX_TRIES = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

    private final JobRepository jobs;
    private final Clock clock;
    private final GroupWriter<AttemptFinish, Boolean> writer;

    /**
     * @param maxBatch the most finishes one statement writes
     * @param batchSizes told the size of every batch written
     */
    FinishBatcher(JobRepository jobs, Clock clock, int maxBatch, IntConsumer batchSizes) {
        this.jobs = jobs;
        this.clock = clock;
        this.writer = GroupWriter.named("foreman-finish-writer", this::finishAll)
                .maxWeight(maxBatch, finish -> 1)
                .onWritten(batchSizes)
                .onFailureRetry(MAX_TRIES, RETRY_PAUSE)
                .stopWithin(CLOSE_PATIENCE)
                .build();
    }

    /**
     * Hands {@code finish} in for the next write.
     *
     * @return completes with whether the finish was applied (false: the lease was lost), or
     *     exceptionally when it could not be written
     */
    CompletableFuture<Boolean> submit(AttemptFinish finish) {
        return writer.submit(finish)
                .orElseGet(() ->
                        CompletableFuture.failedFuture(new IllegalStateException("the finish writer has stopped")));
    }

    private List<Boolean> finishAll(List<AttemptFinish> finishes) {
        Set<AttemptFinish> applied = identitySet(jobs.finishAttempts(finishes, clock.instant()));
        return finishes.stream().map(applied::contains).toList();
    }

    private static Set<AttemptFinish> identitySet(List<AttemptFinish> finishes) {
        Set<AttemptFinish> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(finishes);
        return set;
    }

    @Override
    public void start() {
        writer.start();
    }

    /** Writes what was handed in so far, then stops the writer; later finishes fail at once. */
    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }
}
