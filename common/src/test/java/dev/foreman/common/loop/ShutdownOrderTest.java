package dev.foreman.common.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownOrderTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void stopsStageByStageAndStartsInTheReverseOrder() {
        ShutdownOrder order = ShutdownOrder.inPhase(7)
                .thenStop(new Recorded("intake"))
                .thenStop(new Recorded("heartbeat"))
                .thenStop(new Recorded("writer"))
                .covering(List.of());

        order.start();
        order.stop();

        assertThat(events)
                .containsExactly(
                        "start writer",
                        "start heartbeat",
                        "start intake",
                        "stop intake",
                        "stop heartbeat",
                        "stop writer");
        assertThat(order.getPhase()).isEqualTo(7);
        assertThat(order.isRunning()).isFalse();
    }

    @Test
    void stopsTheWorkOfOneStageTogether() {
        CountDownLatch bothStopping = new CountDownLatch(2);
        ShutdownOrder order = ShutdownOrder.inPhase(0)
                .thenStop(new AwaitsTheOther("intake", bothStopping), new AwaitsTheOther("callbacks", bothStopping))
                .thenStop(new Recorded("heartbeat"))
                .covering(List.of());
        order.start();

        order.stop();

        assertThat(events).containsSubsequence("stopped intake", "stop heartbeat");
        assertThat(events).containsSubsequence("stopped callbacks", "stop heartbeat");
    }

    @Test
    void leavesWorkThatDoesNotStartWithTheServiceForSomeoneToStartByHand() {
        Recorded byHand = new Recorded("relay") {
            @Override
            public boolean startsWithService() {
                return false;
            }
        };
        ShutdownOrder order = ShutdownOrder.inPhase(0).thenStop(byHand).covering(List.of(byHand));

        order.start();

        assertThat(events).isEmpty();
        assertThat(order.isRunning()).isTrue();
    }

    @Test
    void stopsWhatAlreadyRunsWhenAPieceFailsToStart() {
        Recorded failing = new Recorded("intake") {
            @Override
            public void start() {
                throw new IllegalStateException("bad consumer configuration");
            }
        };
        ShutdownOrder order = ShutdownOrder.inPhase(0)
                .thenStop(failing)
                .thenStop(new Recorded("heartbeat"))
                .covering(List.of());

        assertThatThrownBy(order::start).hasMessage("bad consumer configuration");

        assertThat(events).containsExactly("start heartbeat", "stop intake", "stop heartbeat");
        assertThat(order.isRunning()).isFalse();
    }

    @Test
    void refusesBackgroundWorkThatIsNotInTheOrder() {
        Recorded listed = new Recorded("listed");
        Recorded forgotten = new Recorded("forgotten");

        assertThatThrownBy(() -> ShutdownOrder.inPhase(0).thenStop(listed).covering(List.of(listed, forgotten)))
                .hasMessageContaining("not in the shutdown order");
    }

    private class Recorded implements BackgroundWork {
        final String name;
        volatile boolean running;

        Recorded(String name) {
            this.name = name;
        }

        @Override
        public void start() {
            events.add("start " + name);
            running = true;
        }

        @Override
        public void stop() {
            events.add("stop " + name);
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    /** Stops only once the other work of its stage is stopping too, so it fails if they stop one by one. */
    private final class AwaitsTheOther extends Recorded {
        private final CountDownLatch bothStopping;

        AwaitsTheOther(String name, CountDownLatch bothStopping) {
            super(name);
            this.bothStopping = bothStopping;
        }

        @Override
        public void stop() {
            bothStopping.countDown();
            try {
                assertThat(bothStopping.await(10, TimeUnit.SECONDS))
                        .as("the other work of the stage stopping too")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("stopped " + name);
        }
    }
}
