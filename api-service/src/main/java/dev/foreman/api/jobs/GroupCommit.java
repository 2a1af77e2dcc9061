package dev.foreman.api.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Commits concurrent submissions together. Request threads queue their submission and wait; a few
 * committer threads each take whatever has queued up (up to {@code maxJobs} jobs) and write it in
 * one transaction. Under load a transaction carries many requests, so the database does one insert,
 * one outbox insert and one commit for all of them instead of one each; with nothing else queued a
 * submission is written at once, alone. A request's answer is sent only after its group committed.
 *
 * <p>One bad submission must not fail the others: when a group's transaction fails, each of its
 * submissions is written again on its own, and only the ones that fail alone report the error.
 */
final class GroupCommit implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /**
     * Stops after the web server has drained its requests (so every waiting request is answered)
     * and before the outbox relay, which publishes what the last groups queued.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final long IDLE_POLL_MILLIS = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Writer writer;
    private final int maxJobs;
    private final int committers;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    // Submitting holds the read lock while it checks `running` and queues, stopping takes the write
    // lock to clear it: once stopped, nothing can join the queue behind the committers' last look.
    private final ReadWriteLock admission = new ReentrantReadWriteLock();
    private final DistributionSummary groupJobs;
    private final Counter fallbacks;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    GroupCommit(Writer writer, int maxJobs, int committers, MeterRegistry meters) {
        this.writer = writer;
        this.maxJobs = maxJobs;
        this.committers = committers;
        this.groupJobs = DistributionSummary.builder("foreman.submit.group.jobs")
                .description("Jobs written by one group-commit transaction")
                .baseUnit("jobs")
                .register(meters);
        Gauge.builder("foreman.submit.group.waiting", queue, BlockingQueue::size)
                .description("Submissions waiting for a group-commit transaction")
                .register(meters);
        this.fallbacks = Counter.builder("foreman.submit.group.fallbacks")
                .description("Group-commit transactions that failed and were retried one submission at a time")
                .register(meters);
    }

    /** Submissions queued for the next groups; for the gauge and tests. */
    int waiting() {
        return queue.size();
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
        Pending pending = new Pending(submission, new CompletableFuture<>());
        admission.readLock().lock();
        try {
            if (!running) {
                return writeAlone(submission);
            }
            queue.add(pending);
        } finally {
            admission.readLock().unlock();
        }
        return await(pending.result());
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

    private void commitUntilStopped() {
        Pending carried = null;
        while (true) {
            Pending first = carried != null ? carried : nextOrNull();
            carried = null;
            if (first == null) {
                if (!running && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            int jobs = first.size();
            Pending next;
            while (jobs < maxJobs && (next = queue.poll()) != null) {
                if (jobs + next.size() > maxJobs) {
                    carried = next;
                    break;
                }
                group.add(next);
                jobs += next.size();
            }
            commit(group, jobs);
        }
    }

    private Pending nextOrNull() {
        try {
            return queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Nothing interrupts a committer on purpose; it stops when stop() clears `running`.
            return null;
        }
    }

    private void commit(List<Pending> group, int jobs) {
        try {
            List<List<StoredJob>> written =
                    writer.writeAll(group.stream().map(Pending::submission).toList());
            groupJobs.record(jobs);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(written.get(i));
            }
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.getFirst().result().completeExceptionally(e);
                return;
            }
            fallbacks.increment();
            log.warn(
                    "A group of {} submissions failed to commit ({}); writing each on its own",
                    group.size(),
                    e.toString());
            group.forEach(this::commitAlone);
        }
    }

    private void commitAlone(Pending pending) {
        try {
            pending.result().complete(writeAlone(pending.submission()));
            groupJobs.record(pending.size());
        } catch (RuntimeException | Error e) {
            pending.result().completeExceptionally(e);
        }
    }

    @Override
    public void start() {
        admission.writeLock().lock();
        try {
            if (running) {
                return;
            }
            running = true;
            for (int i = 0; i < committers; i++) {
                Thread thread = Thread.ofPlatform()
                        .name("foreman-group-commit-" + i)
                        .daemon()
                        .unstarted(this::commitUntilStopped);
                threads.add(thread);
                thread.start();
            }
        } finally {
            admission.writeLock().unlock();
        }
    }

    @Override
    public void stop() {
        admission.writeLock().lock();
        try {
            running = false;
        } finally {
            admission.writeLock().unlock();
        }
        for (Thread thread : threads) {
            try {
                if (!thread.join(STOP_WAIT)) {
                    log.warn("{} is still committing after {}; leaving it", thread.getName(), STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Writes submissions in one transaction: {@link SubmissionWriter#writeAll}. */
    @FunctionalInterface
    interface Writer {
        List<List<StoredJob>> writeAll(List<ValidatedSubmission> submissions);
    }

    private record Pending(ValidatedSubmission submission, CompletableFuture<List<StoredJob>> result) {
        int size() {
            return submission.jobs().size();
        }
    }
}
