package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SchedulerShutdownOrderTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void startsTheElectionBeforeTheLeaderTasksAndReleasesItsLocksOnlyAfterThem() {
        BackgroundWork tasks = recorded("tasks");
        BackgroundWork election = recorded("election");
        ShutdownOrder order = new SchedulerShutdownOrder().shutdownOrder(tasks, election, List.of(election, tasks));

        order.start();
        order.stop();

        assertThat(events).containsExactly("start election", "start tasks", "stop tasks", "stop election");
    }

    private BackgroundWork recorded(String name) {
        return new BackgroundWork() {
            @Override
            public void start() {
                events.add("start " + name);
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }

            @Override
            public boolean isRunning() {
                return false;
            }
        };
    }
}
