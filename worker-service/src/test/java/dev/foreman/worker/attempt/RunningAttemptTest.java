package dev.foreman.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunningAttemptTest {
    // The guard looks at the job only for its lease.
    private final RunningAttempt attempt = new RunningAttempt(
            new ClaimedJob(Jobs.stored(Jobs.aJob().build(), JobState.RUNNING, 1, Instant.now(), "worker-1"), "secret"));

    @Test
    void anAttemptAbortedBeforeItsRequestNeverSendsIt() {
        assertThat(attempt.abort()).isTrue();

        assertThat(attempt.beginDispatch()).isFalse();
    }

    @Test
    void abortingDuringTheRequestInterruptsItsThreadAndDropsTheResult() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<Boolean> recorded = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            attempt.beginDispatch();
            try {
                waiting.countDown();
                // Stands in for the HTTP call: blocks until interrupted.
                new CountDownLatch(1).await();
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            recorded.complete(attempt.endDispatch());
        });
        waiting.await();

        assertThat(attempt.abort()).isTrue();

        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorded.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAttemptWhoseTargetAnsweredCannotBeAbortedAnyMore() {
        attempt.beginDispatch();
        assertThat(attempt.endDispatch()).isTrue();

        assertThat(attempt.abort()).isFalse();
    }

    @Test
    void anAttemptBeingParkedCannotBeAbortedAnyMore() {
        attempt.beginDispatch();
        assertThat(attempt.endWaiting(true)).isTrue();

        assertThat(attempt.abort())
                .as("its job leaves this worker by the parking, not as a lease lost")
                .isFalse();
    }

    @Test
    void anAttemptThatWaitedForItsTurnAndGoesOnCanStillBeAborted() {
        attempt.beginDispatch();
        assertThat(attempt.endWaiting(false)).isTrue();

        assertThat(attempt.abort()).isTrue();
    }

    @Test
    void onlyTheFirstAbortTakesTheAttemptAway() {
        assertThat(attempt.abort()).isTrue();

        assertThat(attempt.abort()).isFalse();
    }

    @Test
    void anInterruptThatArrivesWithTheAnswerDoesNotLeakIntoRecordingIt() {
        attempt.beginDispatch();
        Thread.currentThread().interrupt();

        attempt.endDispatch();

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
