package dev.foreman.worker;

import java.time.Duration;

/** Worker settings for tests that build the worker's parts by hand: the defaults, small pools. */
public final class WorkerPropertiesFixtures {
    private WorkerPropertiesFixtures() {}

    /** The default durations, 16 in flight and per poll; callbacks and targets as configured by default (null). */
    public static WorkerProperties smallWorker(String consumerGroup) {
        return new WorkerProperties(
                consumerGroup,
                16,
                16,
                Duration.ofMillis(100),
                10,
                4,
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                null,
                null);
    }
}
