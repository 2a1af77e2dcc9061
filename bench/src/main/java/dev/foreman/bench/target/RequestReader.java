package dev.foreman.bench.target;

import dev.foreman.bench.wire.LineBuffer;
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

    private final LineBuffer lines;

    RequestReader(InputStream in) {
        this.lines = new LineBuffer(
                in,
                BUFFER_SIZE,
                "client",
                () -> new MalformedRequestException("a request line or header longer than " + BUFFER_SIZE + " bytes"));
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
            line = lines.nextLine();
            if (line < 0) {
                return false;
            }
        } while (line == lines.lineEnd());
        head.requestLine(lines.bytes(), line, lines.lineEnd());
        for (int headers = 0; ; headers++) {
            line = requiredLine("inside the request's headers");
            if (line == lines.lineEnd()) {
                head.complete();
                return true;
            }
            if (headers == MAX_HEADERS) {
                throw new MalformedRequestException("more than " + MAX_HEADERS + " headers");
            }
            head.header(lines.bytes(), line, lines.lineEnd());
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
            long size = chunkSize(lines.bytes(), line, lines.lineEnd());
            if (size == 0) {
                // The trailer section: header lines up to an empty one.
                while (requiredLine("inside a chunked body's trailer") != lines.lineEnd()) {}
                return;
            }
            skip(size);
            if (requiredLine("inside a chunked body") != lines.lineEnd()) {
                throw new MalformedRequestException("a chunk did not end with CRLF");
            }
        }
    }

    private static long chunkSize(byte[] buffer, int from, int to) throws MalformedRequestException {
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
        for (long left = length; left > 0; ) {
            int skipped = lines.skip(left);
            if (skipped < 0) {
                throw new EOFException("the client closed the connection inside a request body");
            }
            left -= skipped;
        }
    }

    private int requiredLine(String where) throws IOException {
        int line = lines.nextLine();
        if (line < 0) {
            throw new EOFException("the client closed the connection " + where);
        }
        return line;
    }
}
