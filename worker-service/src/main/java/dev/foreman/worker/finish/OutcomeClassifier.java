package dev.foreman.worker.finish;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.worker.dispatch.DispatchResult;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.DispatchResult.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The outcome rules of DESIGN §4. A 2xx succeeds. Another 4xx than 408, 425 and 429, or a target
 * that cannot be requested at all, is dead at once: no retry will change the answer. Everything
 * else (a network error, a timeout, 408, 425, 429, 5xx, and also the 1xx and 3xx the DESIGN does
 * not name, since giving up wrongly loses a job while a retry costs little) is retried while the
 * policy allows: fewer than {@code max_attempts} attempts made, and the next attempt due within
 * {@code max_retry_duration} of the job's creation. An attempt scheduled past that window would
 * run after the job should have given up, so the job is dead instead; this also bounds a
 * {@code Retry-After} far in the future.
 */
final class OutcomeClassifier {
    private static final Set<Integer> RETRYABLE_CLIENT_ERRORS = Set.of(408, 425, 429);
    private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 503);

    private final Backoff backoff;

    OutcomeClassifier(Backoff backoff) {
        this.backoff = backoff;
    }

    /** How the attempt that {@code claimed} made ends, given what came of its request at {@code now}. */
    AttemptFinish classify(ClaimedJob claimed, DispatchResult result, Instant now) {
        Job job = claimed.job();
        return switch (result) {
            case Answered answered
            when answered.status() >= 200 && answered.status() < 300 ->
                finish(job, result, JobState.SUCCEEDED, null, AttemptOutcome.SUCCEEDED, answered, null);
            case Answered answered
            when isPermanent(answered.status()) ->
                finish(
                        job,
                        result,
                        JobState.DEAD,
                        null,
                        AttemptOutcome.FAILED,
                        answered,
                        "HTTP " + answered.status() + ", which is not retryable");
            case Answered answered -> retryOrBury(job, result, answered, "HTTP " + answered.status(), now);
            case Failed failed
            when failed.failure() == Failure.INVALID_TARGET ->
                finish(job, result, JobState.DEAD, null, AttemptOutcome.FAILED, null, failed.error());
            case Failed failed -> retryOrBury(job, result, null, failed.error(), now);
        };
    }

    private AttemptFinish retryOrBury(Job job, DispatchResult result, Answered answered, String error, Instant now) {
        AttemptOutcome outcome = result instanceof Failed failed && failed.failure() == Failure.TIMED_OUT
                ? AttemptOutcome.TIMED_OUT
                : AttemptOutcome.FAILED;
        RetryPolicy policy = job.retry();
        if (job.attemptsInBudget() >= policy.maxAttempts()) {
            String gaveUp =
                    error + "; gave up after " + job.attemptsInBudget() + " of " + policy.maxAttempts() + " attempts";
            return finish(job, result, JobState.DEAD, null, outcome, answered, gaveUp);
        }
        Duration notBefore = answered != null && RETRY_AFTER_STATUSES.contains(answered.status())
                ? RetryAfter.parse(answered.retryAfter(), now).orElse(Duration.ZERO)
                : Duration.ZERO;
        Instant nextRunAt = now.plus(backoff.delay(job.attemptsInBudget(), policy, notBefore));
        Duration window = policy.maxRetryDuration();
        if (window != null && nextRunAt.isAfter(job.retryWindowStart().plus(window))) {
            String gaveUp = error + "; gave up: the next attempt would be more than " + window
                    + " after the job was created (or last retried by a person)";
            return finish(job, result, JobState.DEAD, null, outcome, answered, gaveUp);
        }
        return finish(job, result, JobState.RETRYING, nextRunAt, outcome, answered, error);
    }

    private static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.contains(status);
    }

    private static AttemptFinish finish(
            Job job,
            DispatchResult result,
            JobState nextState,
            Instant nextRunAt,
            AttemptOutcome outcome,
            Answered answered,
            String error) {
        return new AttemptFinish(
                job.id(),
                job.attempt(),
                job.leaseOwner(),
                nextState,
                nextRunAt,
                outcome,
                answered == null ? null : answered.status(),
                answered == null ? null : answered.body(),
                error,
                result.startedAt(),
                (int) Math.min(Integer.MAX_VALUE, result.duration().toMillis()));
    }
}
