package dev.foreman.bench.target;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 requests off one connection: each head line by line into a {@link RequestHead},
 * then its body, framed by {@code Content-Length} or {@code chunked}, which is discarded. It keeps
 * its own buffer, so the bytes of a next request that arrived with this one (a pipelining client)
 * are kept for it.
 */
final class RequestReader {
    /** Also the longest request line or header line accepted. */
    static final int BUFFER_SIZE = 8 * 1024;

    private static final int MAX_HEADERS = 100;
    // More hex digits could overflow a long.
    private static final int MAX_CHUNK_SIZE_DIGITS = 15;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    // Where the line nextLine() returned ends, without its CR LF.
    private int lineEnd;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next request's head into {@code head}; false if the client closed the connection
     * between requests.
     */
    boolean readHead(RequestHead head) throws IOException {
        head.reset();
        int line;
        // A server should ignore empty lines before a request line (RFC 9112 §2.2).
        do {
            line = nextLine();
            if (line < 0) {
                return false;
            }
        } while (line == lineEnd);
        head.requestLine(buffer, line, lineEnd);
        for (int headers = 0; ; headers++) {
            line = requiredLine("inside the request's headers");
            if (line == lineEnd) {
                head.complete();
                return true;
            }
            if (headers == MAX_HEADERS) {
                throw new MalformedRequestException("more than " + MAX_HEADERS + " headers");
            }
            head.header(buffer, line, lineEnd);
        }
    }

    /** Reads and drops the body of the request whose head was read last. */
    void skipBody(RequestHead head) throws IOException {
        if (head.chunked()) {
            skipChunks();
        } else {
            skip(head.contentLength());
        }
    }

    private void skipChunks() throws IOException {
        while (true) {
            int line = requiredLine("inside a chunked body");
            long size = chunkSize(line, lineEnd);
            if (size == 0) {
                // The trailer section: header lines up to an empty one.
                while (requiredLine("inside a chunked body's trailer") != lineEnd) {}
                return;
            }
            skip(size);
            if (requiredLine("inside a chunked body") != lineEnd) {
                throw new MalformedRequestException("a chunk did not end with CRLF");
            }
        }
    }

    private long chunkSize(int from, int to) throws MalformedRequestException {
        long size = 0;
        int i = from;
        for (; i < to; i++) {
            int digit = Character.digit(buffer[i], 16);
            if (digit < 0) {
                break;
            }
            size = size << 4 | digit;
        }
        // Digits, then nothing, whitespace or chunk extensions (";name=value"), which are ignored.
        if (i == from
                || i - from > MAX_CHUNK_SIZE_DIGITS
                || (i < to && buffer[i] != ';' && !AsciiBytes.isSpace(buffer[i]))) {
            throw new MalformedRequestException("malformed chunk size: " + AsciiBytes.excerpt(buffer, from, to));
        }
        return size;
    }

    private void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (position == limit) {
                position = 0;
                limit = 0;
                if (!fill()) {
                    throw new EOFException("the client closed the connection inside a request body");
                }
            }
            int skipped = (int) Math.min(left, limit - position);
            position += skipped;
            left -= skipped;
        }
    }

    private int requiredLine(String where) throws IOException {
        int line = nextLine();
        if (line < 0) {
            throw new EOFException("the client closed the connection " + where);
        }
        return line;
    }

    /**
     * Where the next line starts in the buffer, its end in {@link #lineEnd}; -1 if the stream
     * ended before it began. A bare LF ends a line too (RFC 9112 §2.2).
     */
    private int nextLine() throws IOException {
        int scanFrom = position;
        while (true) {
            int newline = AsciiBytes.indexOf(buffer, scanFrom, limit, (byte) '\n');
            if (newline >= 0) {
                int start = position;
                lineEnd = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                position = newline + 1;
                return start;
            }
            int scanned = limit - position;
            if (!fill()) {
                if (limit > position) {
                    throw new EOFException("the client closed the connection inside a line");
                }
                return -1;
            }
            scanFrom = position + scanned;
        }
    }

    /** Moves the unread bytes to the buffer's start and reads more after them; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            throw new MalformedRequestException("a request line or header longer than " + BUFFER_SIZE + " bytes");
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }
}
