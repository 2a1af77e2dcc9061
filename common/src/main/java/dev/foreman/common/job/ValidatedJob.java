package dev.foreman.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job request once validated (from the API, or a schedule's template at a fire), about to be
 * inserted; stored, it is a {@link Job}. The state follows from {@code runAt}: due now means
 * {@code queued} (with an outbox row), later means {@code scheduled}. {@code flowControl} is the
 * job's flow-control key and its limits ({@link FlowControl#NONE} for none).
 */
public record ValidatedJob(
        UUID id,
        String queue,
        String type,
        Priority priority,
        Instant runAt,
        JobTarget target,
        String payload,
        Duration timeout,
        RetryPolicy retry,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels,
        UUID scheduleId,
        FlowControl flowControl) {

    /** A job without a flow-control key. */
    public ValidatedJob(
            UUID id,
            String queue,
            String type,
            Priority priority,
            Instant runAt,
            JobTarget target,
            String payload,
            Duration timeout,
            RetryPolicy retry,
            String idempotencyKey,
            String callbackUrl,
            Map<String, String> labels,
            UUID scheduleId) {
        this(
                id,
                queue,
                type,
                priority,
                runAt,
                target,
                payload,
                timeout,
                retry,
                idempotencyKey,
                callbackUrl,
                labels,
                scheduleId,
                FlowControl.NONE);
    }
}
