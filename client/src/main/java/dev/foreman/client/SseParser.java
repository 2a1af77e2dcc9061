package dev.foreman.client;

import java.util.function.Consumer;

/**
 * The event-stream format (the WHATWG HTML standard, "server-sent events"), one line at a time:
 * fields accumulate until a blank line dispatches the event; a line starting with a colon is a
 * comment (Foreman's heartbeat).
 */
final class SseParser {
    /** One dispatched event: {@code event} defaults to {@code message}; {@code id} may be null. */
    record Message(String event, String id, String data) {}

    private final Consumer<Message> onMessage;
    private final Runnable onComment;
    private final java.util.function.LongConsumer onRetry;
    private String event;
    private StringBuilder data;
    private String id;

    SseParser(Consumer<Message> onMessage, Runnable onComment, java.util.function.LongConsumer onRetry) {
        this.onMessage = onMessage;
        this.onComment = onComment;
        this.onRetry = onRetry;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            onComment.run();
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 12) {
                    onRetry.accept(Long.parseLong(value));
                }
            }
            default -> {}
        }
    }

    private void dispatch() {
        if (data == null && event == null) {
            return;
        }
        onMessage.accept(new Message(event == null ? "message" : event, id, data == null ? "" : data.toString()));
        event = null;
        data = null;
    }
}
