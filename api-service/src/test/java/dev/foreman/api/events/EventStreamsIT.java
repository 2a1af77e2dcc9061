package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.events.RecordedJobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Job events packed many to a Redis stream entry, against the suite's real Redis: each event keeps
 * an id of its own, so a client resuming from any of them gets exactly the events after it.
 */
class EventStreamsIT extends RunningApi {
    private static final int EVENTS = 250;

    @Autowired
    private EventStreams streams;

    @Test
    void packsARelayBatchIntoEntriesOfAHundredEventsThatEachKeepAnIdOfTheirOwn() {
        UUID tenant = UUID.randomUUID();

        List<RecordedJobEvent> appended = append(tenant);

        List<StreamEvent> read = everyEventAfter(tenant, EventId.ZERO);
        assertThat(read).extracting(StreamEvent::jobId).containsExactlyElementsOf(jobIds(appended));
        assertThat(read).extracting(StreamEvent::id).isSorted().doesNotHaveDuplicates();
        Set<String> entries = read.stream().map(event -> event.id().entryId()).collect(Collectors.toSet());
        assertThat(entries).hasSize(3);
        assertThat(streams.lastSeq(tenant)).isEqualTo(appended.getLast().seq());
    }

    @Test
    void aResumeFromTheMiddleOfAnEntryGetsExactlyTheEventsAfterIt() {
        UUID tenant = UUID.randomUUID();
        List<RecordedJobEvent> appended = append(tenant);
        List<StreamEvent> all = everyEventAfter(tenant, EventId.ZERO);

        EventId seen = EventId.parse(all.get(149).id().toString());
        List<StreamEvent> missed = everyEventAfter(tenant, seen);

        assertThat(missed)
                .extracting(StreamEvent::jobId)
                .containsExactlyElementsOf(jobIds(appended.subList(150, EVENTS)));
    }

    @Test
    void theFanOutReadsWholeEntriesAfterItsCursorAndSaysWhenMoreAreLeft() {
        UUID tenant = UUID.randomUUID();
        List<RecordedJobEvent> appended = append(tenant);
        List<StreamEvent> all = everyEventAfter(tenant, EventId.ZERO);

        EventStreams.Page first = streams.readAfter(Map.of(tenant, all.get(99).id()), 100);
        EventStreams.Page last =
                streams.readAfter(Map.of(tenant, first.events().getLast().id()), 100);

        assertThat(first.events())
                .extracting(StreamEvent::jobId)
                .containsExactlyElementsOf(jobIds(appended.subList(100, 200)));
        assertThat(first.more()).isTrue();
        assertThat(last.events())
                .extracting(StreamEvent::jobId)
                .containsExactlyElementsOf(jobIds(appended.subList(200, EVENTS)));
    }

    @Test
    void eachTenantsEventsGoToItsOwnStream() {
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<RecordedJobEvent> mixed = new ArrayList<>();
        List<RecordedJobEvent> ones = events(one, UUID.randomUUID()).subList(0, 3);
        List<RecordedJobEvent> others = events(other, UUID.randomUUID()).subList(0, 2);
        mixed.add(ones.get(0));
        mixed.add(others.get(0));
        mixed.add(ones.get(1));
        mixed.add(others.get(1));
        mixed.add(ones.get(2));

        streams.append(mixed, List.of(), Instant.now());

        assertThat(everyEventAfter(one, EventId.ZERO))
                .extracting(StreamEvent::jobId)
                .containsExactlyElementsOf(jobIds(ones));
        assertThat(everyEventAfter(other, EventId.ZERO))
                .extracting(StreamEvent::jobId)
                .containsExactlyElementsOf(jobIds(others));
    }

    /** Appends {@link #EVENTS} events of {@code tenant} in one relay batch; returns them. */
    private List<RecordedJobEvent> append(UUID tenant) {
        List<RecordedJobEvent> events = events(tenant, UUID.randomUUID());
        streams.append(events, List.of(), Instant.now());
        return events;
    }

    /** What a resuming client is sent: page after page from {@code after} on. */
    private List<StreamEvent> everyEventAfter(UUID tenant, EventId after) {
        List<StreamEvent> events = new ArrayList<>();
        EventId from = after;
        while (true) {
            EventStreams.Page page = streams.rangeAfter(tenant, from, 100);
            events.addAll(page.events());
            if (!page.more() || page.events().isEmpty()) {
                return events;
            }
            from = page.events().getLast().id();
        }
    }

    private static List<RecordedJobEvent> events(UUID tenant, UUID salt) {
        Instant at = Instant.now();
        long base = Math.abs(salt.getMostSignificantBits() % 1_000_000_000L);
        return IntStream.range(0, EVENTS)
                .mapToObj(i -> new RecordedJobEvent(
                        base + i, tenant, UUID.randomUUID(), "default", "t", "normal", null, "queued", 0, at))
                .toList();
    }

    private static List<String> jobIds(List<RecordedJobEvent> events) {
        return events.stream().map(event -> event.jobId().toString()).toList();
    }
}
