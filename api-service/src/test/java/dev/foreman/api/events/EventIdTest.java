package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void readsAndWritesAnEventsPlaceInItsEntry() {
        EventId id = EventId.parse("1764680000000-3-41");

        assertThat(id).isEqualTo(new EventId(1764680000000L, 3, 41));
        assertThat(id.toString()).isEqualTo("1764680000000-3-41");
        assertThat(id.entryId()).isEqualTo("1764680000000-3");
    }

    @Test
    void readsARedisEntryIdAsTheWholeEntry() {
        EventId id = EventId.parse("1764680000000-3");

        assertThat(id).isEqualTo(EventId.entry(1764680000000L, 3));
        assertThat(id.toString()).isEqualTo("1764680000000-3");
    }

    @Test
    void refusesWhatIsNotAnEventId() {
        assertThat(EventId.parse("yesterday")).isNull();
        assertThat(EventId.parse("12")).isNull();
        assertThat(EventId.parse("1-2-3-4")).isNull();
        assertThat(EventId.parse("1-2-")).isNull();
        assertThat(EventId.parse("1-2-1234567890")).isNull();
        assertThat(EventId.parse("99999999999999999999-0")).isNull();
        assertThat(EventId.parse(null)).isNull();
    }

    @Test
    void ordersByTimeThenEntryThenPlaceInTheEntry() {
        assertThat(EventId.entry(5, 9)).isLessThan(EventId.entry(6, 0));
        assertThat(EventId.entry(6, 1)).isGreaterThan(EventId.entry(6, 0));
        assertThat(new EventId(6, 1, 0)).isGreaterThan(EventId.entry(6, 0));
        assertThat(new EventId(6, 0, 7)).isLessThan(new EventId(6, 0, 8));
        assertThat(new EventId(6, 0, 99)).isLessThan(EventId.entry(6, 0));
        assertThat(EventId.entry(6, 0).isBefore(Instant.ofEpochMilli(7))).isTrue();
    }
}
