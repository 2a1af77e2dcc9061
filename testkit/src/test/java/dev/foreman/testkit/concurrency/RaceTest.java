package dev.foreman.testkit.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RaceTest {
    @Test
    void runsEveryContenderAtOnceAndAnswersInTheirOrder() throws Exception {
        // Each contender waits for all the others: it returns only if all of them run at the same time.
        CyclicBarrier together = new CyclicBarrier(3);
        List<Callable<String>> contenders = List.of("a", "b", "c").stream()
                .map(name -> (Callable<String>) () -> {
                    together.await(10, TimeUnit.SECONDS);
                    return name;
                })
                .toList();

        assertThat(Race.run(contenders)).containsExactly("a", "b", "c");
    }

    @Test
    void runsOneContenderOnAsManyThreads() throws Exception {
        CyclicBarrier together = new CyclicBarrier(4);

        assertThat(Race.run(4, () -> together.await(10, TimeUnit.SECONDS))).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void passesOnWhatAContenderThrew() {
        assertThatThrownBy(() -> Race.run(2, () -> {
                    throw new IllegalStateException("lost");
                }))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("lost");
    }
}
