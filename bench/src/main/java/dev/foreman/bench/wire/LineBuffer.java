package dev.foreman.bench.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * One connection's input with a buffer of its own, read a line at a time, so that bytes which
 * arrived past one message stay there for the next. A line is handed out as a range of
 * {@link #bytes()}: from what {@link #nextLine()} returns to {@link #lineEnd()}.
 */
public final class LineBuffer {
    private final InputStream in;
    private final byte[] buffer;
    private final String peer;
    private final Supplier<IOException> lineTooLong;
    private int position;
    private int limit;
    // Where the line nextLine() returned last ends, without its CR LF.
    private int lineEnd;

    /**
     * @param size the buffer's size, which is also the longest line accepted
     * @param peer who would close the connection, for the messages of {@link EOFException}s
     *     ("client", "server")
     * @param lineTooLong the error for a line longer than the buffer
     */
    public LineBuffer(InputStream in, int size, String peer, Supplier<IOException> lineTooLong) {
        this.in = in;
        this.buffer = new byte[size];
        this.peer = peer;
        this.lineTooLong = lineTooLong;
    }

    /** The buffer the lines are in; valid until the next call of any other method. */
    public byte[] bytes() {
        return buffer;
    }

    /** Where the line {@link #nextLine()} returned last ends, without its CR LF. */
    public int lineEnd() {
        return lineEnd;
    }

    /**
     * Where the next line starts in {@link #bytes()}; -1 if the stream ended before it began. A bare
     * LF ends a line too (RFC 9112 §2.2).
     */
    public int nextLine() throws IOException {
        int scanFrom = position;
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int start = position;
                    lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    position = i + 1;
                    return start;
                }
            }
            int scanned = limit - position;
            if (!fill()) {
                if (limit > position) {
                    throw new EOFException("the " + peer + " closed the connection inside a line");
                }
                return -1;
            }
            scanFrom = position + scanned;
        }
    }

    /** How many bytes past the last line are buffered. */
    public int buffered() {
        return limit - position;
    }

    /** Moves up to {@code max} of the buffered bytes into {@code target}; how many it moved. */
    public int takeBuffered(byte[] target, int offset, int max) {
        int taken = Math.min(max, limit - position);
        System.arraycopy(buffer, position, target, offset, taken);
        position += taken;
        return taken;
    }

    /** Drops up to {@code max} bytes, reading more when none are buffered; -1 at the end of the stream. */
    public int skip(long max) throws IOException {
        if (position == limit) {
            position = 0;
            limit = 0;
            if (!fill()) {
                return -1;
            }
        }
        int skipped = (int) Math.min(max, limit - position);
        position += skipped;
        return skipped;
    }

    /** Moves the unread bytes to the buffer's start and reads more after them; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            throw lineTooLong.get();
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }
}
