package dev.foreman.bench.load;

import dev.foreman.bench.wire.LineBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses off one connection's input: the status line, the headers the client
 * needs ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}) and the body,
 * whichever way it is framed (Tomcat answers {@code chunked} when it streams JSON, a fixed
 * {@code Content-Length} when the answer fit its buffer). It keeps its own buffer, so bytes the
 * server sent past one response are kept for the next one on the same connection.
 */
final class ResponseReader {
    // Also the longest status or header line accepted: Foreman sends nothing near it, and a bound
    // keeps a broken server from growing the buffer.
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final byte[] NO_BODY = new byte[0];

    private final InputStream in;
    private final LineBuffer lines;

    ResponseReader(InputStream in) {
        this.in = in;
        this.lines = new LineBuffer(
                in,
                BUFFER_SIZE,
                "server",
                () -> new IOException("a response line is longer than " + BUFFER_SIZE + " bytes"));
    }

    /** One response; informational (1xx) answers before it are skipped. */
    RawResponse read() throws IOException {
        while (true) {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new EOFException("the server closed the connection before answering");
            }
            int status = statusOf(statusLine);
            Framing framing = readHeaders(statusLine.startsWith("HTTP/1.0"));
            if (status >= 100 && status < 200) {
                continue;
            }
            if (status == 204 || status == 304) {
                return new RawResponse(status, NO_BODY, framing.keepAlive);
            }
            if (framing.chunked) {
                return new RawResponse(status, readChunked(), framing.keepAlive);
            }
            if (framing.contentLength >= 0) {
                return new RawResponse(status, readExactly(framing.contentLength), framing.keepAlive);
            }
            // Neither length nor chunks: the body ends where the server closes the connection.
            return new RawResponse(status, readToEnd(), false);
        }
    }

    private static int statusOf(String statusLine) throws IOException {
        // "HTTP/1.1 202 Accepted": the reason phrase is optional, the three digits are not.
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + excerpt(statusLine));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char digit = statusLine.charAt(i);
            if (digit < '0' || digit > '9') {
                throw new IOException("not an HTTP/1.x status line: " + excerpt(statusLine));
            }
            status = status * 10 + (digit - '0');
        }
        return status;
    }

    private Framing readHeaders(boolean http10) throws IOException {
        Framing framing = new Framing();
        framing.keepAlive = !http10;
        for (int count = 0; ; count++) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("the server closed the connection inside the response headers");
            }
            if (line.isEmpty()) {
                return framing;
            }
            if (count == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header: " + excerpt(line));
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                framing.contentLength = contentLength(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                framing.chunked = lastCodingIsChunked(value);
            } else if (name.equalsIgnoreCase("Connection")) {
                String tokens = value.toLowerCase(Locale.ROOT);
                if (tokens.contains("close")) {
                    framing.keepAlive = false;
                } else if (tokens.contains("keep-alive")) {
                    framing.keepAlive = true;
                }
            }
        }
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                throw new IOException("unusable Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + excerpt(value), e);
        }
    }

    private static boolean lastCodingIsChunked(String value) {
        int comma = value.lastIndexOf(',');
        return value.substring(comma + 1).trim().equalsIgnoreCase("chunked");
    }

    private byte[] readChunked() throws IOException {
        byte[] body = NO_BODY;
        int length = 0;
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("the server closed the connection inside a chunked body");
            }
            int size = chunkSize(sizeLine);
            if (size == 0) {
                skipTrailers();
                return length == body.length ? body : Arrays.copyOf(body, length);
            }
            if (length + size > body.length) {
                body = Arrays.copyOf(body, Math.max(length + size, Math.min(Integer.MAX_VALUE - 16, body.length * 2)));
            }
            readInto(body, length, size);
            length += size;
            String end = readLine();
            if (end == null || !end.isEmpty()) {
                throw new IOException("a chunk did not end with CRLF");
            }
        }
    }

    private static int chunkSize(String line) throws IOException {
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0 || size > Integer.MAX_VALUE - 16) {
                throw new IOException("unusable chunk size: " + excerpt(line));
            }
            return (int) size;
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size: " + excerpt(line), e);
        }
    }

    private void skipTrailers() throws IOException {
        String line;
        do {
            line = readLine();
            if (line == null) {
                throw new EOFException("the server closed the connection inside the chunked trailer");
            }
        } while (!line.isEmpty());
    }

    private byte[] readExactly(long length) throws IOException {
        byte[] body = new byte[(int) length];
        readInto(body, 0, body.length);
        return body;
    }

    private void readInto(byte[] target, int offset, int length) throws IOException {
        int done = lines.takeBuffered(target, offset, length);
        while (done < length) {
            // Large bodies go straight into their array rather than through the buffer.
            int read = in.read(target, offset + done, length - done);
            if (read < 0) {
                throw new EOFException(
                        "the server closed the connection after " + done + " of " + length + " body bytes");
            }
            done += read;
        }
    }

    private byte[] readToEnd() throws IOException {
        byte[] buffered = new byte[lines.buffered()];
        lines.takeBuffered(buffered, 0, buffered.length);
        byte[] rest = in.readAllBytes();
        byte[] body = Arrays.copyOf(buffered, buffered.length + rest.length);
        System.arraycopy(rest, 0, body, buffered.length, rest.length);
        return body;
    }

    /** The next line without its CRLF (a bare LF is accepted too), or null at the end of the stream. */
    private String readLine() throws IOException {
        int start = lines.nextLine();
        if (start < 0) {
            return null;
        }
        return new String(lines.bytes(), start, lines.lineEnd() - start, StandardCharsets.ISO_8859_1);
    }

    private static String excerpt(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static final class Framing {
        long contentLength = -1;
        boolean chunked;
        boolean keepAlive;
    }
}
