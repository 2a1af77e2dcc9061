package dev.foreman.api.events;

/** Why an event-stream client was dropped: the {@code reason} of {@code foreman_events_clients_dropped_total}. */
enum DropReason {
    /** It fell {@code client-buffer} events behind: the fan-out had nowhere left to put the next one. */
    BUFFER_FULL("buffer_full"),
    /** One write to it made no progress for {@code write-timeout}: it stopped reading. */
    WRITE_STALLED("write_stalled");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** What happened to the client, for the log. */
    String describe(EventsProperties settings) {
        return switch (this) {
            case BUFFER_FULL -> "event stream client fell " + settings.clientBuffer() + " events behind; disconnected";
            case WRITE_STALLED ->
                "event stream client took nothing for " + settings.writeTimeout() + " (a write stalled); disconnected";
        };
    }
}
