package dev.foreman.scheduler.leader;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Runs each {@link LeaderTask} every {@link LeaderTask#interval()} on a thread of its own. The
 * tasks check leadership themselves, so every instance ticks and only the leader's rounds do work;
 * a standby that becomes leader starts working at its next tick. A failed round is logged and the
 * task runs again at its next interval.
 */
@Component
class LeaderTaskScheduler implements BackgroundWork {
    /** How long stopping waits for rounds in progress: their batches are short transactions. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);

    private final List<BackgroundLoop> tickers;

    LeaderTaskScheduler(List<LeaderTask> tasks) {
        this.tickers = tasks.stream().map(LeaderTaskScheduler::ticker).toList();
    }

    private static BackgroundLoop ticker(LeaderTask task) {
        return BackgroundLoop.named("foreman-" + task.name(), task.interval())
                .firstRoundAfter(task.interval())
                .failureMessage(task.name() + " failed")
                .stopWithin(STOP_DEADLINE)
                .build(() -> {
                    task.runRound();
                    return Next.WHEN_WOKEN;
                });
    }

    @Override
    public void start() {
        tickers.forEach(BackgroundLoop::start);
    }

    /** Stops every task; rounds in progress finish their batch (and stop there if leadership ended). */
    @Override
    public void stop() {
        BackgroundLoop.stopAll(tickers);
    }

    @Override
    public boolean isRunning() {
        return tickers.stream().anyMatch(BackgroundLoop::isRunning);
    }
}
