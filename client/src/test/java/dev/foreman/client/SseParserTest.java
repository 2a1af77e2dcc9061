package dev.foreman.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseParser.Message> messages = new ArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final AtomicLong retry = new AtomicLong(-1);
    private final SseParser parser = new SseParser(messages::add, comments::incrementAndGet, retry::set);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void aBlankLineDispatchesTheFieldsBeforeIt() {
        feed("event: job", "id: 17-0", "data: {\"id\":1}", "");

        assertThat(messages).containsExactly(new SseParser.Message("job", "17-0", "{\"id\":1}"));
    }

    @Test
    void dataLinesJoinWithNewlinesAndTheEventNameDefaultsToMessage() {
        feed("data: one", "data:two", "");

        assertThat(messages).containsExactly(new SseParser.Message("message", null, "one\ntwo"));
    }

    @Test
    void theLastIdCarriesOverToLaterEventsUntilChanged() {
        feed("id: 5", "data: a", "", "data: b", "");

        assertThat(messages).extracting(SseParser.Message::id).containsExactly("5", "5");
    }

    @Test
    void aCommentIsAHeartbeatAndDispatchesNothing() {
        feed(": heartbeat", "");

        assertThat(comments).hasValue(1);
        assertThat(messages).isEmpty();
    }

    @Test
    void retryTakesOnlyDigits() {
        feed("retry: 2500", "retry: soon");

        assertThat(retry).hasValue(2500);
    }

    @Test
    void anEventWithoutDataStillDispatchesByName() {
        feed("event: reset", "");

        assertThat(messages).containsExactly(new SseParser.Message("reset", null, ""));
    }
}
