package dev.foreman.bench.target;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads a {@code Foreman-Job-Id} from the request's bytes. The worker sends the canonical form
 * ({@code 8-4-4-4-12} hex digits), which is read without a String; anything else goes through
 * {@link UUID#fromString}, so the target accepts exactly the ids it always has.
 */
final class JobIdBytes {
    private static final int CANONICAL_LENGTH = 36;

    private JobIdBytes() {}

    /** The UUID in {@code [from, to)}, or null if there is none. */
    static UUID parse(byte[] bytes, int from, int to) {
        if (to - from == CANONICAL_LENGTH) {
            UUID canonical = canonical(bytes, from);
            if (canonical != null) {
                return canonical;
            }
        }
        try {
            return UUID.fromString(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID canonical(byte[] bytes, int from) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < CANONICAL_LENGTH; i++) {
            byte b = bytes[from + i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (b != '-') {
                    return null;
                }
                continue;
            }
            int digit = Character.digit(b, 16);
            if (digit < 0) {
                return null;
            }
            if (i < 18) {
                high = high << 4 | digit;
            } else {
                low = low << 4 | digit;
            }
        }
        return new UUID(high, low);
    }
}
