package dev.foreman.worker.finish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.worker.dispatch.DispatchResult;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.DispatchResult.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeClassifierTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant NOW = CREATED.plusSeconds(60);
    private static final RetryPolicy POLICY =
            new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofHours(1), 16, Duration.ofDays(1));

    // Draws the top of the jitter range, so the expected delays are the ceilings.
    private final OutcomeClassifier classifier = new OutcomeClassifier(new Backoff(new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }));

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 299})
    void any2xxSucceeds(int status) {
        AttemptFinish finish = classifier.classify(job(1, POLICY), answered(status, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(finish.httpStatus()).isEqualTo(status);
        assertThat(finish.error()).isNull();
    }

    @Test
    void keepsTheResponseBodyAndTheAttemptTiming() {
        ClaimedJob claimed = job(1, POLICY);
        Answered answered = new Answered(200, "{\"ok\":true}", null, NOW.minusMillis(250), Duration.ofMillis(250));

        AttemptFinish finish = classifier.classify(claimed, answered, NOW);

        assertThat(finish.jobId()).isEqualTo(claimed.job().id());
        assertThat(finish.attempt()).isEqualTo(1);
        assertThat(finish.leaseOwner()).isEqualTo("worker-1");
        assertThat(finish.responseBody()).isEqualTo("{\"ok\":true}");
        assertThat(finish.startedAt()).isEqualTo(NOW.minusMillis(250));
        assertThat(finish.durationMs()).isEqualTo(250);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422})
    void otherClientErrorsAreDeadAtOnce(int status) {
        AttemptFinish finish = classifier.classify(job(1, POLICY), answered(status, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.DEAD);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(finish.error()).isEqualTo("HTTP " + status + ", which is not retryable");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504, 301, 101})
    void retryableAnswersAreRetriedAfterTheBackoff(int status) {
        AttemptFinish finish = classifier.classify(job(2, POLICY), answered(status, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.RETRYING);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(finish.nextRunAt()).isEqualTo(NOW.plusSeconds(20));
        assertThat(finish.error()).isEqualTo("HTTP " + status);
    }

    @Test
    void retryAfterOn503PostponesTheNextAttempt() {
        AttemptFinish finish = classifier.classify(job(1, POLICY), answered(503, "600"), NOW);

        assertThat(finish.nextRunAt()).isEqualTo(NOW.plusSeconds(600));
    }

    @Test
    void retryAfterOn429IsOnlyALowerBound() {
        AttemptFinish finish = classifier.classify(job(3, POLICY), answered(429, "1"), NOW);

        assertThat(finish.nextRunAt()).isEqualTo(NOW.plusSeconds(40));
    }

    @Test
    void retryAfterOnOtherStatusesIsIgnored() {
        AttemptFinish finish = classifier.classify(job(1, POLICY), answered(500, "600"), NOW);

        assertThat(finish.nextRunAt()).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void timeoutIsRetriedAndRecordedAsTimedOut() {
        DispatchResult timedOut = new Failed(Failure.TIMED_OUT, "timed out after 30s", NOW, Duration.ofSeconds(30));

        AttemptFinish finish = classifier.classify(job(1, POLICY), timedOut, NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.RETRYING);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
        assertThat(finish.httpStatus()).isNull();
        assertThat(finish.error()).isEqualTo("timed out after 30s");
    }

    @Test
    void networkErrorIsRetried() {
        DispatchResult refused = new Failed(Failure.NETWORK, "connect refused by 127.0.0.1:9", NOW, Duration.ZERO);

        AttemptFinish finish = classifier.classify(job(1, POLICY), refused, NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.RETRYING);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(finish.error()).isEqualTo("connect refused by 127.0.0.1:9");
    }

    @Test
    void invalidTargetIsDeadAtOnce() {
        DispatchResult invalid = new Failed(Failure.INVALID_TARGET, "invalid target: bad scheme", NOW, Duration.ZERO);

        AttemptFinish finish = classifier.classify(job(1, POLICY), invalid, NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.DEAD);
        assertThat(finish.error()).isEqualTo("invalid target: bad scheme");
    }

    @Test
    void theLastAllowedAttemptFailingIsDead() {
        AttemptFinish finish = classifier.classify(job(5, POLICY), answered(503, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.DEAD);
        assertThat(finish.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(finish.error()).isEqualTo("HTTP 503; gave up after 5 of 5 attempts");
    }

    @Test
    void aRetryDueAfterTheMaxRetryDurationIsDeadInstead() {
        RetryPolicy shortWindow =
                new RetryPolicy(100, Duration.ofMinutes(1), Duration.ofHours(1), 16, Duration.ofMinutes(2));

        AttemptFinish finish = classifier.classify(job(2, shortWindow), answered(500, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.DEAD);
        assertThat(finish.error()).startsWith("HTTP 500; gave up: the next attempt would be more than PT2M");
    }

    @Test
    void withoutMaxRetryDurationOnlyAttemptsLimitRetries() {
        RetryPolicy noWindow = new RetryPolicy(100, Duration.ofHours(1), Duration.ofDays(30), 16, null);

        AttemptFinish finish = classifier.classify(job(20, noWindow), answered(500, null), NOW);

        assertThat(finish.nextState()).isEqualTo(JobState.RETRYING);
        assertThat(finish.nextRunAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    private static Answered answered(int status, String retryAfter) {
        return new Answered(status, null, retryAfter, NOW, Duration.ofMillis(5));
    }

    private static ClaimedJob job(int attempt, RetryPolicy retry) {
        Job job = Jobs.stored(
                Jobs.aJob().dueAt(CREATED).withRetry(retry).build(), JobState.RUNNING, attempt, CREATED, "worker-1");
        return new ClaimedJob(job, "s".repeat(32));
    }
}
