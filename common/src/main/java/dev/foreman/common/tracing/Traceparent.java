package dev.foreman.common.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context {@code traceparent} values as Foreman stores and forwards them: {@code
 * 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. Plain string work without OpenTelemetry,
 * because it runs for every job whether or not tracing is on: a job keeps its client's trace
 * context even when Foreman records no spans.
 */
public final class Traceparent {
    /** The header (HTTP, and the Kafka dispatch record) that carries the value. */
    public static final String HEADER = "traceparent";

    private static final int LENGTH = 55;
    private static final int TRACE_ID_START = 3;
    private static final int TRACE_ID_END = 35;
    private static final int PARENT_ID_START = 36;
    private static final int PARENT_ID_END = 52;
    private static final int FLAGS = 54;

    private Traceparent() {}

    /**
     * {@code header} as a version-00 value Foreman can continue, or null when it is absent or not a
     * valid {@code traceparent} (the W3C rule: then start a new trace). A later version is read as
     * version 00, keeping only the sampled flag, as the recommendation says.
     */
    public static String parse(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() < LENGTH || !isHex(value, 0, 2) || value.startsWith("ff")) {
            return null;
        }
        boolean version00 = value.startsWith("00");
        if (version00 ? value.length() != LENGTH : value.length() > LENGTH && value.charAt(LENGTH) != '-') {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(TRACE_ID_END) != '-' || value.charAt(PARENT_ID_END) != '-') {
            return null;
        }
        if (!isHex(value, TRACE_ID_START, TRACE_ID_END)
                || isZero(value, TRACE_ID_START, TRACE_ID_END)
                || !isHex(value, PARENT_ID_START, PARENT_ID_END)
                || isZero(value, PARENT_ID_START, PARENT_ID_END)
                || !isHex(value, FLAGS - 1, FLAGS + 1)) {
            return null;
        }
        if (version00) {
            return value;
        }
        return of(traceId(value), parentId(value), isSampled(value));
    }

    /** Whether a (parsed) value asks for its trace to be recorded; false for null. */
    public static boolean isSampled(String traceparent) {
        return traceparent != null
                && traceparent.length() > FLAGS
                && (Character.digit(traceparent.charAt(FLAGS), 16) & 1) == 1;
    }

    /** The trace id of a parsed value: 32 lower-case hex digits. */
    public static String traceId(String traceparent) {
        return traceparent.substring(TRACE_ID_START, TRACE_ID_END);
    }

    /** The parent (span) id of a parsed value: 16 lower-case hex digits. */
    public static String parentId(String traceparent) {
        return traceparent.substring(PARENT_ID_START, PARENT_ID_END);
    }

    /** The value naming span {@code spanId} of trace {@code traceId}. */
    public static String of(String traceId, String spanId, boolean sampled) {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /**
     * A new span in {@code parent}'s trace, with its flags, for a request Foreman sends without
     * recording a span of its own; the root of a new sampled trace when {@code parent} is absent
     * or invalid.
     */
    public static String childOf(String parent) {
        String valid = parse(parent);
        if (valid == null) {
            return of(newId(16), newId(8), true);
        }
        return "00-" + traceId(valid) + "-" + newId(8) + valid.substring(PARENT_ID_END);
    }

    private static String newId(int bytes) {
        byte[] id = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(id);
        } while (isZero(id));
        return HexFormat.of().formatHex(id);
    }

    private static boolean isZero(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
