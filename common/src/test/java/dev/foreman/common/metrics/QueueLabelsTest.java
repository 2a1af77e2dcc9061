package dev.foreman.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueueLabelsTest {

    @Test
    void namesTheFirstQueuesItSeesAndCallsEveryLaterOneOther() {
        QueueLabels labels = new QueueLabels(2);

        assertThat(List.of(labels.of("emails"), labels.of("reports"), labels.of("webhooks"), labels.of("emails")))
                .containsExactly("emails", "reports", QueueLabels.OTHER, "emails");
    }

    @Test
    void neverHandsOutMoreNamesThanItsLimitWhenThreadsRaceForTheLastOnes() throws Exception {
        QueueLabels labels = new QueueLabels(5);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = IntStream.range(0, 50)
                .mapToObj(i -> Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.add(labels.of("queue-" + i));
                }))
                .toList();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(seen).contains(QueueLabels.OTHER).hasSize(6);
    }

    @Test
    void theDefaultLimitIsTwenty() {
        QueueLabels labels = new QueueLabels();
        IntStream.range(0, 20).forEach(i -> assertThat(labels.of("q" + i)).isEqualTo("q" + i));

        assertThat(labels.of("q20")).isEqualTo(QueueLabels.OTHER);
    }
}
