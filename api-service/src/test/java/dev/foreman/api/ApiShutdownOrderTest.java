package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;

class ApiShutdownOrderTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void stopsTheGroupCommitThenThePublisherThenTheRelayAfterTheWebServer() {
        BackgroundWork groupCommit = recorded("group commit");
        BackgroundWork directPublisher = recorded("direct publisher");
        BackgroundWork relay = recorded("relay");
        ShutdownOrder order = new ApiShutdownOrder()
                .shutdownOrder(groupCommit, directPublisher, relay, List.of(relay, groupCommit, directPublisher));

        order.start();
        order.stop();

        assertThat(events)
                .containsExactly(
                        "start relay",
                        "start direct publisher",
                        "start group commit",
                        "stop group commit",
                        "stop direct publisher",
                        "stop relay");
        assertThat(order.getPhase())
                .as("after the web server's graceful shutdown and stop")
                .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
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
