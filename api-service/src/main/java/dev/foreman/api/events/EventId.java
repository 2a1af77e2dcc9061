package dev.foreman.api.events;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an event sits in its tenant's Redis stream, which is also the SSE {@code id:} of the
 * event: the stream entry's id ({@code <milliseconds>-<sequence>}) and the event's place among the
 * entry's events, written {@code <milliseconds>-<sequence>-<index>}. An entry holds up to {@link
 * EventStreams#EVENTS_PER_ENTRY} job events that the relay appended together. An id without an
 * index ({@link #WHOLE_ENTRY}) stands for the entry as a whole, after all of its events: the form of
 * a stream's newest entry, of a reset marker, and of the ids of one event per entry that streams
 * sent before events were packed. Ids of one tenant's stream rise with time.
 */
record EventId(long millis, long sequence, long index) implements Comparable<EventId> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,19})-(\\d{1,19})(?:-(\\d{1,9}))?");

    /** The index of an id that names a whole entry: after every event in it. */
    static final long WHOLE_ENTRY = -1;

    static final EventId ZERO = new EventId(0, 0, WHOLE_ENTRY);

    /** The whole entry {@code <millis>-<sequence>}. */
    static EventId entry(long millis, long sequence) {
        return new EventId(millis, sequence, WHOLE_ENTRY);
    }

    /** The id written as {@code text}, or {@code null} when it is not one. */
    static EventId parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            long index = m.group(3) == null ? WHOLE_ENTRY : Long.parseLong(m.group(3));
            return new EventId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), index);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The event at {@code index} of this entry. */
    EventId at(long eventIndex) {
        return new EventId(millis, sequence, eventIndex);
    }

    /** The id of the stream entry the event is in ({@code <millis>-<sequence>}), as Redis reads it. */
    String entryId() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }

    boolean isBefore(Instant instant) {
        return millis < instant.toEpochMilli();
    }

    @Override
    public int compareTo(EventId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        if (byMillis != 0) {
            return byMillis;
        }
        int bySequence = Long.compareUnsigned(sequence, other.sequence);
        // WHOLE_ENTRY (-1) is the largest unsigned index: after every event of its entry.
        return bySequence != 0 ? bySequence : Long.compareUnsigned(index, other.index);
    }

    @Override
    public String toString() {
        return index == WHOLE_ENTRY ? entryId() : entryId() + "-" + index;
    }
}
