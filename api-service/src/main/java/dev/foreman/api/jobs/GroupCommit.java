package dev.foreman.api.jobs;

import dev.foreman.api.problem.DatabaseFailures;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.GroupWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Commits concurrent submissions together. Request threads queue their submission and wait; a few
 * committer threads each take whatever has queued up (up to {@code maxJobs} jobs) and write it in
 * one transaction. Under load a transaction carries many requests, so the database does one insert,
 * one outbox insert and one commit for all of them instead of one each; with nothing else queued a
 * submission is written at once, alone. A request's answer is sent only after its group committed.
 *
 * <p>One bad submission must not fail the others: when a group's transaction fails, each of its
 * submissions is written again on its own, and only the ones that fail alone report the error. When
 * the database cannot be reached at all, the whole group fails at once instead.
 *
 * <p>It stops after the web server has drained its requests (so every waiting request is answered)
 * and before the publishers, which send what the last groups queued: see {@code ApiShutdownOrder}.
 */
final class GroupCommit implements BackgroundWork {
    private final Writer writer;
    private final int maxJobs;
    private final int committers;
    private final GroupWriter<ValidatedSubmission, List<StoredJob>> groups;

    GroupCommit(Writer writer, int maxJobs, int committers, MeterRegistry meters) {
        this.writer = writer;
        this.maxJobs = maxJobs;
        this.committers = committers;
        DistributionSummary groupJobs = DistributionSummary.builder("foreman.submit.group.jobs")
                .description("Jobs written by one group-commit transaction")
                .baseUnit("jobs")
                .register(meters);
        Counter fallbacks = Counter.builder("foreman.submit.group.fallbacks")
                .description("Group-commit transactions that failed and were retried one submission at a time")
                .register(meters);
        this.groups = GroupWriter.named("foreman-group-commit", writer::writeAll)
                .threads(Math.max(1, committers))
                .maxWeight(maxJobs, submission -> submission.jobs().size())
                .onWritten(groupJobs::record)
                // Unless the database cannot be reached: each alone would fail too, after its own wait
                // for a connection, and the group's last request would wait for all of them.
                .onFailureWriteEachAlone(fallbacks::increment, DatabaseFailures::unreachable)
                .build();
        Gauge.builder("foreman.submit.group.waiting", groups, GroupWriter::waiting)
                .description("Submissions waiting for a group-commit transaction")
                .register(meters);
    }

    /** Submissions queued for the next groups; for the gauge and tests. */
    int waiting() {
        return groups.waiting();
    }

    /**
     * Writes the submission in the next group and returns its stored jobs once that group
     * committed. A submission of {@code maxJobs} jobs or more, or any submission while the group
     * commit is off (no committers) or not running, is written at once in a transaction of its own.
     */
    List<StoredJob> submit(ValidatedSubmission submission) {
        if (committers == 0 || submission.jobs().size() >= maxJobs) {
            return writeAlone(submission);
        }
        return groups.submit(submission).map(GroupCommit::await).orElseGet(() -> writeAlone(submission));
    }

    private List<StoredJob> writeAlone(ValidatedSubmission submission) {
        return writer.writeAll(List.of(submission)).getFirst();
    }

    private static List<StoredJob> await(CompletableFuture<List<StoredJob>> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the submission was being committed", e);
        }
    }

    /** Starts the committers; with none configured, every submission is written on its caller's thread. */
    @Override
    public void start() {
        if (committers > 0) {
            groups.start();
        }
    }

    /** Closes the admission and commits everything queued before it returns (within 30 s). */
    @Override
    public void stop() {
        groups.stop();
    }

    @Override
    public boolean isRunning() {
        return groups.isRunning();
    }

    /** Writes submissions in one transaction: {@link SubmissionWriter#writeAll}. */
    @FunctionalInterface
    interface Writer {
        List<List<StoredJob>> writeAll(List<ValidatedSubmission> submissions);
    }
}
