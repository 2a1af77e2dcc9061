package dev.foreman.scheduler.leader;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderTaskSchedulerTest {

    @Test
    void runsATaskAgainAtItsNextIntervalAfterARoundFailed() {
        AtomicInteger rounds = new AtomicInteger();
        LeaderTask failsFirst = new LeaderTask() {
            @Override
            public String name() {
                return "fails-first";
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(10);
            }

            @Override
            public int runRound() {
                if (rounds.incrementAndGet() == 1) {
                    throw new IllegalStateException("database went away");
                }
                return 0;
            }
        };
        LeaderTaskScheduler scheduler = new LeaderTaskScheduler(List.of(failsFirst));

        scheduler.start();
        try {
            await("a round after the failed one").atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 2);
        } finally {
            scheduler.stop();
        }
    }
}
