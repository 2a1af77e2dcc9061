package dev.foreman.bench.target;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Comparisons and searches over a range {@code [from, to)} of a request's bytes, so that request
 * heads are read without turning each line into a String. HTTP's syntax is ASCII, so case folding
 * is ASCII's.
 */
final class AsciiBytes {
    private AsciiBytes() {}

    static byte[] lowerCase(String text) {
        return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the range equals {@code lower}, ignoring the case of the range's letters. */
    static boolean equalsIgnoreCase(byte[] bytes, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code wanted} in the range, or -1. */
    static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The last index of {@code wanted} in the range, or -1. */
    static int lastIndexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The first index at or after {@code from} that is not a space or tab (HTTP's OWS), at most {@code to}. */
    static int skipSpace(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && isSpace(bytes[i])) {
            i++;
        }
        return i;
    }

    /** The end of the range without its trailing spaces and tabs, at least {@code from}. */
    static int trimSpace(byte[] bytes, int from, int to) {
        int i = to;
        while (i > from && isSpace(bytes[i - 1])) {
            i--;
        }
        return i;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The range as text for an error message, cut at 80 characters. */
    static String excerpt(byte[] bytes, int from, int to) {
        String text = new String(bytes, from, Math.min(to - from, 80), StandardCharsets.ISO_8859_1);
        return to - from > 80 ? text + "..." : text;
    }
}
