package dev.foreman.api;

/**
 * Whether text is well-formed Unicode. JSON lets a string escape half of a UTF-16 surrogate pair
 * ({@code "\ud800"}); Java keeps it as a lone {@code char}, but no UTF-8 encoder can write it, so
 * Postgres (text and jsonb) and every HTTP header would refuse it later, as a 500. The API refuses
 * such text where it enters instead (RFC 7493, I-JSON, forbids it too).
 */
public final class WellFormedText {
    public static final String LONE_SURROGATE =
            "a string holds half of a UTF-16 surrogate pair (such as \\ud800) without the other half,"
                    + " which is not Unicode text and cannot be stored; send well-formed text";

    private WellFormedText() {}

    /** Whether {@code text} holds a high surrogate not followed by a low one, or a low one alone. */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
