package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkerShutdownOrderTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void stopsIntakeAndCallbacksTogetherThenTheHeartbeatThenTheFinishWriter() {
        BackgroundWork intake = recorded("intake");
        BackgroundWork callbacks = recorded("callbacks");
        BackgroundWork heartbeat = recorded("heartbeat");
        BackgroundWork finisher = recorded("finisher");
        ShutdownOrder order = new WorkerShutdownOrder()
                .shutdownOrder(intake, callbacks, heartbeat, finisher, List.of(finisher, heartbeat, callbacks, intake));

        order.start();
        order.stop();

        assertThat(order.stages()).containsExactly(List.of(intake, callbacks), List.of(heartbeat), List.of(finisher));
        assertThat(events.subList(0, 4))
                .containsExactly("start finisher", "start heartbeat", "start intake", "start callbacks");
        assertThat(events.subList(4, 6)).containsExactlyInAnyOrder("stop intake", "stop callbacks");
        assertThat(events.subList(6, 8)).containsExactly("stop heartbeat", "stop finisher");
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
