package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;

class ApiShutdownOrderTest {

    @Test
    void stopsTheGroupCommitThenThePublisherThenTheRelayThenTheEventWorkAfterTheWebServer() {
        BackgroundWork groupCommit = standIn("group commit");
        BackgroundWork directPublisher = standIn("direct publisher");
        BackgroundWork relay = standIn("relay");
        BackgroundWork eventRelay = standIn("event relay");
        BackgroundWork fanOut = standIn("event fan-out");
        BackgroundWork folder = standIn("count folder");

        ShutdownOrder order = new ApiShutdownOrder()
                .shutdownOrder(
                        groupCommit,
                        directPublisher,
                        relay,
                        eventRelay,
                        fanOut,
                        folder,
                        List.of(relay, groupCommit, directPublisher, eventRelay, fanOut, folder));

        assertThat(order.stages())
                .containsExactly(
                        List.of(groupCommit),
                        List.of(directPublisher),
                        List.of(relay),
                        List.of(eventRelay, fanOut, folder));
        assertThat(order.getPhase())
                .as("after the web server's graceful shutdown and stop")
                .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    /** Never started: only its place in the order counts. */
    private static BackgroundWork standIn(String name) {
        return BackgroundLoop.named(name, Duration.ZERO).build(() -> BackgroundLoop.Next.WHEN_WOKEN);
    }
}
