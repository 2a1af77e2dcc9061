package dev.foreman.bench.target;

import static dev.foreman.bench.target.AsciiBytes.equalsIgnoreCase;
import static dev.foreman.bench.target.AsciiBytes.excerpt;
import static dev.foreman.bench.target.AsciiBytes.indexOf;
import static dev.foreman.bench.target.AsciiBytes.isDigit;
import static dev.foreman.bench.target.AsciiBytes.isSpace;
import static dev.foreman.bench.target.AsciiBytes.lastIndexOf;
import static dev.foreman.bench.target.AsciiBytes.lowerCase;
import static dev.foreman.bench.target.AsciiBytes.skipSpace;
import static dev.foreman.bench.target.AsciiBytes.startsWith;
import static dev.foreman.bench.target.AsciiBytes.trimSpace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * What the target needs from one request's head, taken straight from the bytes in the
 * connection's buffer: the run its path names, its job id, how its body is framed and whether the
 * connection stays open. Other headers are passed over without a String or a map being made for
 * them. There is one per connection, {@link #reset() reset} before each request.
 */
final class RequestHead {
    private static final byte[] NOOP_PATH = NoopTarget.PATH.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOB_ID = lowerCase(NoopTarget.JOB_ID_HEADER);
    private static final byte[] ATTEMPT = lowerCase("Foreman-Attempt");
    // An attempt number has a few digits; more would not be one the worker sent.
    private static final int MAX_ATTEMPT_DIGITS = 9;
    private static final byte[] CONTENT_LENGTH = lowerCase("Content-Length");
    private static final byte[] TRANSFER_ENCODING = lowerCase("Transfer-Encoding");
    private static final byte[] CONNECTION = lowerCase("Connection");
    private static final byte[] EXPECT = lowerCase("Expect");
    private static final byte[] CHUNKED = lowerCase("chunked");
    private static final byte[] CLOSE = lowerCase("close");
    private static final byte[] KEEP_ALIVE = lowerCase("keep-alive");
    private static final byte[] CONTINUE = lowerCase("100-continue");
    // More digits could overflow a long; no body the target is sent comes near.
    private static final int MAX_LENGTH_DIGITS = 18;

    // The connection's previous run: its String is made once per connection, not once per request.
    private byte[] lastRunBytes = new byte[0];
    private String lastRun = "";

    private String run;
    private UUID job;
    private boolean jobSeen;
    private int attempt;
    private long contentLength;
    private boolean chunked;
    private boolean http10;
    private boolean closeAsked;
    private boolean keepAliveAsked;
    private boolean continueExpected;

    void reset() {
        run = null;
        job = null;
        jobSeen = false;
        attempt = 0;
        contentLength = -1;
        chunked = false;
        http10 = false;
        closeAsked = false;
        keepAliveAsked = false;
        continueExpected = false;
    }

    /**
     * The path after {@code /noop/}, without the query and not percent-decoded (so it is the
     * {@code run} that {@link NoopTarget#url} put there), or null for a path outside {@code /noop/}.
     */
    String run() {
        return run;
    }

    /** The first {@code Foreman-Job-Id}, or null if there was none or it was not a UUID. */
    UUID job() {
        return job;
    }

    /** The {@code Foreman-Attempt}, or 0 if there was none or it was not a small number. */
    int attempt() {
        return attempt;
    }

    boolean chunked() {
        return chunked;
    }

    /** The body's length; 0 when the request declared none. */
    long contentLength() {
        return Math.max(contentLength, 0);
    }

    /** HTTP/1.1 keeps a connection unless asked to close it; HTTP/1.0 only when asked to keep it. */
    boolean keepsAlive() {
        return !closeAsked && (!http10 || keepAliveAsked);
    }

    boolean expectsContinue() {
        return continueExpected;
    }

    /** {@code METHOD SP request-target SP HTTP/1.x}, without its line end. */
    void requestLine(byte[] line, int from, int to) throws MalformedRequestException {
        int firstSpace = indexOf(line, from, to, (byte) ' ');
        int lastSpace = lastIndexOf(line, from, to, (byte) ' ');
        if (firstSpace <= from || lastSpace - firstSpace < 2) {
            throw malformed("not an HTTP request line", line, from, to);
        }
        int target = firstSpace + 1;
        if (indexOf(line, target, lastSpace, (byte) ' ') >= 0) {
            throw malformed("a space inside the request target", line, from, to);
        }
        if (to - lastSpace != HTTP_1.length + 2
                || !startsWith(line, lastSpace + 1, to, HTTP_1)
                || !isDigit(line[to - 1])) {
            throw malformed("not HTTP/1.x", line, from, to);
        }
        http10 = line[to - 1] == '0';
        int query = indexOf(line, target, lastSpace, (byte) '?');
        run = runOf(line, target, query < 0 ? lastSpace : query);
    }

    private String runOf(byte[] line, int pathFrom, int pathTo) {
        if (!startsWith(line, pathFrom, pathTo, NOOP_PATH)) {
            return null;
        }
        int from = pathFrom + NOOP_PATH.length;
        if (!Arrays.equals(line, from, pathTo, lastRunBytes, 0, lastRunBytes.length)) {
            lastRunBytes = Arrays.copyOfRange(line, from, pathTo);
            lastRun = new String(lastRunBytes, StandardCharsets.ISO_8859_1);
        }
        return lastRun;
    }

    /** One header line, {@code name: value}, without its line end. */
    void header(byte[] line, int from, int to) throws MalformedRequestException {
        int colon = indexOf(line, from, to, (byte) ':');
        // The name starts the line and touches its colon (RFC 9112 §5.1); folded lines are refused too.
        if (colon <= from || isSpace(line[from]) || isSpace(line[colon - 1])) {
            throw malformed("malformed header", line, from, to);
        }
        int valueFrom = skipSpace(line, colon + 1, to);
        int valueTo = trimSpace(line, valueFrom, to);
        if (equalsIgnoreCase(line, from, colon, JOB_ID)) {
            if (!jobSeen) {
                jobSeen = true;
                job = JobIdBytes.parse(line, valueFrom, valueTo);
            }
        } else if (equalsIgnoreCase(line, from, colon, ATTEMPT)) {
            attempt = smallNumber(line, valueFrom, valueTo);
        } else if (equalsIgnoreCase(line, from, colon, CONTENT_LENGTH)) {
            contentLength(line, valueFrom, valueTo);
        } else if (equalsIgnoreCase(line, from, colon, TRANSFER_ENCODING)) {
            transferEncoding(line, valueFrom, valueTo);
        } else if (equalsIgnoreCase(line, from, colon, CONNECTION)) {
            connectionOptions(line, valueFrom, valueTo);
        } else if (equalsIgnoreCase(line, from, colon, EXPECT)) {
            continueExpected = equalsIgnoreCase(line, valueFrom, valueTo, CONTINUE);
        }
    }

    /** Checks what only the whole head can tell. */
    void complete() throws MalformedRequestException {
        if (chunked && contentLength >= 0) {
            // Two framings are how requests get smuggled; RFC 9112 §6.3 lets a server refuse them.
            throw new MalformedRequestException("both Content-Length and Transfer-Encoding");
        }
    }

    private static int smallNumber(byte[] line, int from, int to) {
        if (from == to || to - from > MAX_ATTEMPT_DIGITS) {
            return 0;
        }
        int number = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(line[i])) {
                return 0;
            }
            number = number * 10 + (line[i] - '0');
        }
        return number;
    }

    private void contentLength(byte[] line, int from, int to) throws MalformedRequestException {
        if (from == to || to - from > MAX_LENGTH_DIGITS) {
            throw malformed("unusable Content-Length", line, from, to);
        }
        long length = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(line[i])) {
                throw malformed("unusable Content-Length", line, from, to);
            }
            length = length * 10 + (line[i] - '0');
        }
        if (contentLength >= 0 && contentLength != length) {
            throw malformed("a second, different Content-Length", line, from, to);
        }
        contentLength = length;
    }

    private void transferEncoding(byte[] line, int from, int to) throws MalformedRequestException {
        // Only chunked says where a request's body ends; with any other last coding it is unknowable.
        int lastComma = lastIndexOf(line, from, to, (byte) ',');
        int lastCoding = skipSpace(line, lastComma < 0 ? from : lastComma + 1, to);
        if (!equalsIgnoreCase(line, lastCoding, to, CHUNKED)) {
            throw malformed("a Transfer-Encoding that does not end in chunked", line, from, to);
        }
        chunked = true;
    }

    private void connectionOptions(byte[] line, int from, int to) {
        int start = from;
        while (start < to) {
            int comma = indexOf(line, start, to, (byte) ',');
            int end = comma < 0 ? to : comma;
            int optionFrom = skipSpace(line, start, end);
            int optionTo = trimSpace(line, optionFrom, end);
            closeAsked |= equalsIgnoreCase(line, optionFrom, optionTo, CLOSE);
            keepAliveAsked |= equalsIgnoreCase(line, optionFrom, optionTo, KEEP_ALIVE);
            start = end + 1;
        }
    }

    private static MalformedRequestException malformed(String problem, byte[] line, int from, int to) {
        return new MalformedRequestException(problem + ": " + excerpt(line, from, to));
    }
}
