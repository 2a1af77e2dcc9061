package dev.foreman.api.events;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis Stream entry id, {@code <milliseconds>-<sequence>}, which is also the SSE {@code id:} of
 * the event. Ids of one tenant's stream rise with time.
 */
record EventId(long millis, long sequence) implements Comparable<EventId> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

    static final EventId ZERO = new EventId(0, 0);

    /** The id written as {@code text}, or {@code null} when it is not an entry id. */
    static EventId parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            return new EventId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean isBefore(Instant instant) {
        return millis < instant.toEpochMilli();
    }

    @Override
    public int compareTo(EventId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }
}
