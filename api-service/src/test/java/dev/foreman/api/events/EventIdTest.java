package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void readsAndWritesRedisStreamIds() {
        EventId id = EventId.parse("1764680000000-3");

        assertThat(id).isEqualTo(new EventId(1764680000000L, 3));
        assertThat(id.toString()).isEqualTo("1764680000000-3");
    }

    @Test
    void refusesWhatIsNotAnEntryId() {
        assertThat(EventId.parse("yesterday")).isNull();
        assertThat(EventId.parse("12")).isNull();
        assertThat(EventId.parse("1-2-3")).isNull();
        assertThat(EventId.parse("99999999999999999999-0")).isNull();
        assertThat(EventId.parse(null)).isNull();
    }

    @Test
    void ordersByTimeThenSequence() {
        assertThat(new EventId(5, 9)).isLessThan(new EventId(6, 0));
        assertThat(new EventId(6, 1)).isGreaterThan(new EventId(6, 0));
        assertThat(new EventId(6, 0).isBefore(Instant.ofEpochMilli(7))).isTrue();
    }
}
