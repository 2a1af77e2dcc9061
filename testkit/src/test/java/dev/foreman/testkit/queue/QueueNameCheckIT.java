package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** The database's own backstop for queue names, whatever the API lets through. */
class QueueNameCheckIT {
    private final QueueFixture fixture = new QueueFixture("queue-name-check");

    @Test
    void acceptsQueueNamesOfOneToAHundredLettersDigitsDotsDashesAndUnderscores() {
        List<String> names = List.of("a", "emails.high-priority_2", "x".repeat(100));

        for (String name : names) {
            assertThat(fixture.insert(fixture.aJob().inQueue(name).build(), fixture.now)
                            .queue())
                    .isEqualTo(name);
        }
    }

    @Test
    void refusesEmptyOverlongOrOddlySpelledQueueNames() {
        List<String> names = List.of("", "x".repeat(101), "with space", "slash/queue", "ünïcode", "new\nline");

        for (String name : names) {
            assertThatThrownBy(() -> fixture.insert(fixture.aJob().inQueue(name).build(), fixture.now))
                    .as("queue %s", name)
                    .isInstanceOf(DataIntegrityViolationException.class)
                    .hasMessageContaining("jobs_queue_check");
        }
    }
}
