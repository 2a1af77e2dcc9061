package dev.foreman.api.stats;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Folds the count deltas that every job statement appends (migration V30) into {@code job_counts}
 * and {@code job_throughput}, batch by batch, so that reading a tenant's counts adds only the few
 * deltas of the last fold interval. Once a minute it also forgets throughput older than a day and
 * heartbeats of workers gone for an hour. Readers stay exact however far it lags; it only keeps
 * them cheap.
 */
final class CountFolder implements BackgroundWork {
    private static final Duration THROUGHPUT_KEPT = Duration.ofDays(1);
    private static final Duration HEARTBEATS_KEPT = Duration.ofHours(1);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final JobStatsRepository stats;
    private final WorkerHeartbeatRepository workers;
    private final StatsProperties settings;
    private final Clock clock;
    private final BackgroundLoop loop;
    private Instant lastSweep = Instant.MIN;

    CountFolder(JobStatsRepository stats, WorkerHeartbeatRepository workers, StatsProperties settings, Clock clock) {
        this.stats = stats;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
        this.loop = BackgroundLoop.named("foreman-count-folder", settings.foldInterval())
                .failureMessage("Folding the job count deltas failed")
                .backOff(failures -> settings.foldInterval().multipliedBy(Math.min(failures, 20)))
                .stopWithin(Duration.ofSeconds(10))
                .build(this::foldOnce);
    }

    private Next foldOnce() {
        int folded = stats.foldCountDeltas(settings.foldBatchSize());
        Instant now = clock.instant();
        if (lastSweep.plus(SWEEP_EVERY).isBefore(now)) {
            stats.deleteThroughputBefore(now.minus(THROUGHPUT_KEPT));
            workers.deleteSeenBefore(now.minus(HEARTBEATS_KEPT));
            lastSweep = now;
        }
        return folded < settings.foldBatchSize() ? Next.WHEN_WOKEN : Next.AT_ONCE;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public boolean startsWithService() {
        return settings.foldEnabled();
    }
}
