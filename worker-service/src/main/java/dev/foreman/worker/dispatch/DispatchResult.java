package dev.foreman.worker.dispatch;

import java.time.Duration;
import java.time.Instant;

/** What came of one HTTP call: the target answered (with any status), or it did not. */
public sealed interface DispatchResult {

    Instant startedAt();

    Duration duration();

    /**
     * The target answered.
     *
     * @param body the first 4 KiB of the response body, as text
     * @param retryAfter the raw {@code Retry-After} header, or null
     */
    record Answered(int status, String body, String retryAfter, Instant startedAt, Duration duration)
            implements DispatchResult {}

    /**
     * No answer came.
     *
     * @param error what happened, for a person reading the job: "timed out after 30s"
     */
    record Failed(Failure failure, String error, Instant startedAt, Duration duration) implements DispatchResult {}

    /** Why no answer came. */
    enum Failure {
        /** The job's timeout passed first. */
        TIMED_OUT,
        /** The connection could not be made or broke. */
        NETWORK,
        /**
         * The request cannot be made at all, now or later: a malformed URL, an unsupported scheme, or
         * a host the SSRF guard refuses ({@link GuardedDnsResolver}).
         */
        INVALID_TARGET
    }
}
