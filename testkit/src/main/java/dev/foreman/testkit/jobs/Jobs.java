package dev.foreman.testkit.jobs;

import java.time.Clock;

/** Entry point of the job fixtures. */
public final class Jobs {
    private Jobs() {}

    /**
     * A job due when it is built, by the system clock. See {@link JobBuilder} for the defaults.
     * Insert it with a {@code now} taken after {@code build()} for it to start queued; a test that
     * takes its {@code now} first should use {@link #aJob(Clock)} with a clock fixed at that now.
     */
    public static JobBuilder aJob() {
        return new JobBuilder(Clock.systemUTC());
    }

    /** A job due at {@code clock}'s now, and with an id from it: for tests that move time themselves. */
    public static JobBuilder aJob(Clock clock) {
        return new JobBuilder(clock);
    }
}
