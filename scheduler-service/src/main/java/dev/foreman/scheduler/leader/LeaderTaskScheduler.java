package dev.foreman.scheduler.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs each {@link LeaderTask} every {@link LeaderTask#interval()} on a thread of its own. The
 * tasks check leadership themselves, so every instance ticks and only the leader's rounds do work;
 * a standby that becomes leader starts working at its next tick.
 */
@Component
class LeaderTaskScheduler implements SmartLifecycle {
    /** How long stopping waits for rounds in progress: their batches are short transactions. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LeaderTaskScheduler.class);

    private final List<LeaderTask> tasks;
    private final List<ScheduledExecutorService> tickers = new ArrayList<>();

    LeaderTaskScheduler(List<LeaderTask> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    @Override
    public synchronized void start() {
        if (!tickers.isEmpty()) {
            return;
        }
        for (LeaderTask task : tasks) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("foreman-" + task.name()).daemon().factory());
            long interval = task.interval().toMillis();
            ticker.scheduleWithFixedDelay(() -> runRound(task), interval, interval, TimeUnit.MILLISECONDS);
            tickers.add(ticker);
        }
    }

    private static void runRound(LeaderTask task) {
        try {
            task.runRound();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try at the next interval.
            log.error("{} failed; retrying in {}", task.name(), task.interval(), e);
        }
    }

    /** Stops every task; rounds in progress finish their batch (and stop there if leadership ended). */
    @Override
    public synchronized void stop() {
        tickers.forEach(ScheduledExecutorService::shutdown);
        long deadline = System.nanoTime() + STOP_DEADLINE.toNanos();
        try {
            for (ScheduledExecutorService ticker : tickers) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!ticker.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    ticker.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            tickers.forEach(ScheduledExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
        tickers.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !tickers.isEmpty();
    }
}
