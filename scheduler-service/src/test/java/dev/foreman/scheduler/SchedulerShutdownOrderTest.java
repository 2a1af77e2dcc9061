package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerShutdownOrderTest {

    @Test
    void stopsTheLeaderTasksBeforeTheElectionGivesItsLocksUp() {
        BackgroundWork tasks = standIn("tasks");
        BackgroundWork election = standIn("election");

        ShutdownOrder order = new SchedulerShutdownOrder().shutdownOrder(tasks, election, List.of(election, tasks));

        assertThat(order.stages()).containsExactly(List.of(tasks), List.of(election));
    }

    /** Never started: only its place in the order counts. */
    private static BackgroundWork standIn(String name) {
        return BackgroundLoop.named(name, Duration.ZERO).build(() -> BackgroundLoop.Next.WHEN_WOKEN);
    }
}
