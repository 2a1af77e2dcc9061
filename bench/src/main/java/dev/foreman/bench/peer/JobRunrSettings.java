package dev.foreman.bench.peer;

import java.time.Duration;
import java.util.List;

/**
 * How JobRunr's {@code BackgroundJobServer} is configured for one trial.
 *
 * @param workers jobs it runs at once, each on a virtual thread (JobRunr's default on JDK 21+)
 * @param pollInterval how often it looks for work when no worker has just become idle; JobRunr also
 *     fetches the next page of jobs each time a worker finishes, so a backlog does not wait for it
 * @param poolSize connections of the pool JobRunr's storage provider uses
 */
public record JobRunrSettings(int workers, Duration pollInterval, int poolSize) {
    /**
     * The trials on 2 cores: JobRunr's defaults (2 × 8 × 2 = 32 virtual-thread workers, a 15 s poll
     * interval), and half and twice as many workers at the shortest poll interval JobRunr allows with
     * a SQL database (5 s). The pool matches Foreman's api-service (20 connections).
     */
    public static final List<JobRunrSettings> TRIALS = List.of(
            new JobRunrSettings(32, Duration.ofSeconds(15), 20),
            new JobRunrSettings(16, Duration.ofSeconds(5), 20),
            new JobRunrSettings(64, Duration.ofSeconds(5), 20));

    /** E.g. {@code workers=32 poll=15s pool=20}, as the report labels a trial. */
    public String describe() {
        return "workers=" + workers + " poll=" + pollInterval.toSeconds() + "s pool=" + poolSize;
    }
}
