package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingWriter writer = new RecordingWriter();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private GroupCommit groupCommit;

    @AfterEach
    void stop() {
        writer.release.countDown();
        if (groupCommit != null) {
            groupCommit.stop();
        }
        callers.close();
    }

    @Test
    void writesTheSubmissionsThatQueuedWhileAGroupCommittedInOneTransaction() throws Exception {
        groupCommit = started(1, 500);
        writer.holdFirstWrite();
        Future<List<StoredJob>> first = submitAsync(submission(1));
        writer.firstWriteStarted.await();

        List<Future<List<StoredJob>>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(submitAsync(submission(2)));
        }
        await().atMost(WAIT).until(() -> groupCommit.waiting() == 3);
        writer.release.countDown();

        assertThat(first.get()).hasSize(1);
        for (Future<List<StoredJob>> submitted : queued) {
            assertThat(submitted.get()).hasSize(2);
        }
        assertThat(writer.groups).extracting(List::size).containsExactly(1, 3);
        assertThat(meters.get("foreman.submit.group.jobs").summary().max()).isEqualTo(6);
    }

    @Test
    void neverPutsMoreThanTheMostJobsOfAGroupIntoOneTransaction() throws Exception {
        groupCommit = started(1, 5);
        writer.holdFirstWrite();
        Future<List<StoredJob>> first = submitAsync(submission(1));
        writer.firstWriteStarted.await();

        List<Future<List<StoredJob>>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(submitAsync(submission(2)));
        }
        await().atMost(WAIT).until(() -> groupCommit.waiting() == 4);
        writer.release.countDown();

        first.get();
        for (Future<List<StoredJob>> submitted : queued) {
            assertThat(submitted.get()).hasSize(2);
        }
        assertThat(writer.groups)
                .extracting(
                        group -> group.stream().mapToInt(s -> s.jobs().size()).sum())
                .containsExactly(1, 4, 4);
    }

    @Test
    void writesEachSubmissionOfAFailedGroupAloneSoOnlyTheBadOneFails() throws Exception {
        groupCommit = started(1, 500);
        ValidatedSubmission bad = submission(1);
        writer.failWhenWriting(bad);
        writer.holdFirstWrite();
        Future<List<StoredJob>> first = submitAsync(submission(1));
        writer.firstWriteStarted.await();

        Future<List<StoredJob>> good = submitAsync(submission(1));
        Future<List<StoredJob>> failing = callers.submit(() -> groupCommit.submit(bad));
        Future<List<StoredJob>> alsoGood = submitAsync(submission(1));
        await().atMost(WAIT).until(() -> groupCommit.waiting() == 3);
        writer.release.countDown();

        assertThat(first.get()).hasSize(1);
        assertThat(good.get()).hasSize(1);
        assertThat(alsoGood.get()).hasSize(1);
        assertThatThrownBy(failing::get).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat(writer.groups).extracting(List::size).containsExactly(1, 3, 1, 1, 1);
        assertThat(meters.get("foreman.submit.group.fallbacks").counter().count())
                .isEqualTo(1);
    }

    @Test
    void reportsTheWritersOwnExceptionToTheCaller() {
        groupCommit = started(2, 500);
        ValidatedSubmission bad = submission(1);
        writer.failWhenWriting(bad);

        assertThatThrownBy(() -> groupCommit.submit(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void writesAtOnceOnTheCallersThreadWhenNotRunning() {
        groupCommit = new GroupCommit(writer, 500, 2, meters);

        assertThat(groupCommit.submit(submission(3))).hasSize(3);
        assertThat(writer.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void leavesLargeSubmissionsAndAnOffSwitchToTheirOwnTransactionsOnTheCallersThread() {
        groupCommit = started(2, 500);
        GroupCommit off = new GroupCommit(writer, 500, 0, meters);
        off.start();
        String caller = Thread.currentThread().getName();

        assertThat(groupCommit.submit(submission(500))).hasSize(500);
        assertThat(off.submit(submission(1))).hasSize(1);
        assertThat(groupCommit.submit(submission(499))).hasSize(499);

        assertThat(writer.threads).hasSize(3);
        assertThat(writer.threads.subList(0, 2)).containsOnly(caller);
        assertThat(writer.threads.get(2))
                .as("smaller than a group: a committer writes it")
                .isNotEqualTo(caller);
        off.stop();
    }

    @Test
    void commitsEverythingQueuedBeforeStopReturns() throws Exception {
        groupCommit = started(1, 500);
        writer.holdFirstWrite();
        Future<List<StoredJob>> first = submitAsync(submission(1));
        writer.firstWriteStarted.await();
        List<Future<List<StoredJob>>> queued =
                IntStream.range(0, 5).mapToObj(i -> submitAsync(submission(1))).toList();
        await().atMost(WAIT).until(() -> groupCommit.waiting() == 5);

        Future<?> stopping = callers.submit(() -> groupCommit.stop());
        writer.release.countDown();
        stopping.get();

        assertThat(groupCommit.isRunning()).isFalse();
        assertThat(first.get()).hasSize(1);
        for (Future<List<StoredJob>> submitted : queued) {
            // Written before stop returned; its caller's thread may still be on its way back.
            assertThat(submitted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(1);
        }
        assertThat(groupCommit.submit(submission(2)))
                .as("written alone after the stop")
                .hasSize(2);
    }

    private GroupCommit started(int committers, int maxJobs) {
        GroupCommit started = new GroupCommit(writer, maxJobs, committers, meters);
        started.start();
        return started;
    }

    private Future<List<StoredJob>> submitAsync(ValidatedSubmission submission) {
        return callers.submit(() -> groupCommit.submit(submission));
    }

    private static ValidatedSubmission submission(int jobs) {
        List<ValidatedJob> newJobs =
                IntStream.range(0, jobs).mapToObj(i -> Jobs.aJob().build()).toList();
        return new ValidatedSubmission(UUID.randomUUID(), newJobs, NOW);
    }

    /** Records each transaction's submissions; can hold the first one open and fail on one submission. */
    private static final class RecordingWriter implements GroupCommit.Writer {
        final List<List<ValidatedSubmission>> groups = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holdFirst;
        private volatile ValidatedSubmission failing;

        void holdFirstWrite() {
            holdFirst = true;
        }

        void failWhenWriting(ValidatedSubmission submission) {
            failing = submission;
        }

        @Override
        public List<List<StoredJob>> writeAll(List<ValidatedSubmission> submissions) {
            groups.add(List.copyOf(submissions));
            threads.add(Thread.currentThread().getName());
            if (holdFirst && groups.size() == 1) {
                firstWriteStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (failing != null && submissions.contains(failing)) {
                throw new IllegalArgumentException("the database refused submission " + failing.tenantId());
            }
            return submissions.stream()
                    .map(s -> Collections.nCopies(s.jobs().size(), new StoredJob(null, false)))
                    .toList();
        }
    }
}
