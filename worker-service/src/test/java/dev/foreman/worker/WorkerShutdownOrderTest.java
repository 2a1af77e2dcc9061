package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerShutdownOrderTest {

    @Test
    void stopsIntakeAndCallbacksTogetherThenTheHeartbeatsThenTheFinishWriter() {
        BackgroundWork intake = standIn("intake");
        BackgroundWork callbacks = standIn("callbacks");
        BackgroundWork heartbeat = standIn("heartbeat");
        BackgroundWork flowHeartbeat = standIn("flow-heartbeat");
        BackgroundWork finisher = standIn("finisher");

        ShutdownOrder order = new WorkerShutdownOrder()
                .shutdownOrder(
                        intake,
                        callbacks,
                        heartbeat,
                        flowHeartbeat,
                        finisher,
                        List.of(finisher, flowHeartbeat, heartbeat, callbacks, intake));

        assertThat(order.stages())
                .containsExactly(List.of(intake, callbacks), List.of(heartbeat, flowHeartbeat), List.of(finisher));
    }

    /** Never started: only its place in the order counts. */
    private static BackgroundWork standIn(String name) {
        return BackgroundLoop.named(name, Duration.ZERO).build(() -> BackgroundLoop.Next.WHEN_WOKEN);
    }
}
