package dev.foreman.chaos.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.chaos.target.Delivery;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OverlapsTest {
    private static final long SECOND = 1_000_000_000L;
    private final UUID job = UUID.randomUUID();

    @Test
    void attemptsOneAfterTheOtherDoNotOverlap() {
        List<Delivery> deliveries = List.of(delivery(1, 0, 2 * SECOND), delivery(2, 2 * SECOND, 3 * SECOND));

        assertThat(Overlaps.find(Map.of(job, deliveries), 0)).isEmpty();
    }

    @Test
    void aSecondAttemptStartedWhileTheFirstWasOpenIsReportedWithBothAttempts() {
        List<Delivery> deliveries = List.of(delivery(2, SECOND, 4 * SECOND), delivery(1, 0, 2 * SECOND));

        assertThat(Overlaps.find(Map.of(job, deliveries), 0))
                .containsExactly("job " + job + ": attempt 1 open 0.000-2.000 s and attempt 2 open 1.000-4.000 s");
    }

    @Test
    void differentJobsNeverOverlapEachOther() {
        UUID other = UUID.randomUUID();

        assertThat(Overlaps.find(
                        Map.of(
                                job,
                                List.of(delivery(1, 0, 2 * SECOND)),
                                other,
                                List.of(new Delivery("load", other, 1, 0, 2 * SECOND))),
                        0))
                .isEmpty();
    }

    @Test
    void duplicatesCountDeliveriesBeyondTheFirstAndRepeatedAttemptNumbers() {
        List<Delivery> deliveries = List.of(
                delivery(1, 0, SECOND), delivery(1, 2 * SECOND, 3 * SECOND), delivery(2, 4 * SECOND, 5 * SECOND));

        assertThat(Duplicates.count(Map.of(job, deliveries, UUID.randomUUID(), List.of(delivery(1, 0, 1)))))
                .isEqualTo(new Duplicates(2, 1, 1));
    }

    private Delivery delivery(int attempt, long start, long end) {
        return new Delivery("load", job, attempt, start, end);
    }
}
