package dev.foreman.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the API writes them: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT10M}. */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    static Duration parse(String value, String option) {
        Matcher shortForm = SHORT.matcher(value.trim());
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            switch (shortForm.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                default:
                    return Duration.ofDays(amount);
            }
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new UsageError(option + " must be a duration such as 30s, 5m, 2h or PT10M, not " + value);
        }
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
