package dev.foreman.worker.dispatch;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C {@code traceparent} values. The dispatch continues the trace of the Kafka record that
 * carried the job when there is one, so a job's submit and its delivery share a trace id; until
 * OpenTelemetry is wired in, each dispatch is its own span with a fresh id.
 */
final class Traceparent {
    static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private Traceparent() {}

    /** A new span in {@code parent}'s trace, or the root of a new sampled trace if it is absent or invalid. */
    static String childOf(String parent) {
        if (parent != null) {
            Matcher m = VALID.matcher(parent.trim());
            if (m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals(ZERO_SPAN)) {
                return "00-" + m.group(1) + "-" + newId(8) + "-" + m.group(3);
            }
        }
        return "00-" + newId(16) + "-" + newId(8) + "-01";
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
}
