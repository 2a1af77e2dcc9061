package dev.foreman.api.jobs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the API accepts them: ISO-8601 ({@code PT30S}, {@code PT1H30M}, {@code P1D}) or
 * numbers with units, alone or combined ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}, {@code 1h30m}). Negative and absurdly long durations are refused.
 */
public final class WireDuration {
    /** Longer than any sane job setting, and far from overflowing milliseconds in a long. */
    static final Duration MAX = Duration.ofDays(3650);

    static final String FORMAT_HINT =
            "must be an ISO-8601 duration like PT30S or a number with a unit: 500ms, 30s, 5m, 2h, 1d";

    private static final Pattern ISO_START = Pattern.compile("[-+]?[Pp]");
    private static final Pattern UNITS = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private WireDuration() {}

    /**
     * @throws IllegalArgumentException with a message for the caller when the text is not a
     *     duration, is negative or is longer than {@link #MAX}
     */
    public static Duration parse(String text) {
        Duration duration = ISO_START.matcher(text).lookingAt() ? parseIso(text) : parseUnits(text);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be at most " + MAX.toDays() + " days");
        }
        return duration;
    }

    private static Duration parseIso(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(FORMAT_HINT);
        }
    }

    private static Duration parseUnits(String text) {
        if (!UNITS.matcher(text).matches()) {
            throw new IllegalArgumentException(FORMAT_HINT);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
        }
        return total;
    }
}
