package dev.foreman.worker.finish;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {
    // Keeps run_at arithmetic in range whatever a target sends; a year is already "give up" territory.
    private static final Duration LONGEST = Duration.ofDays(365);

    private RetryAfter() {}

    /**
     * How long the target asked us to wait, measured from {@code now}; a date in the past means no
     * wait. Empty when the header is absent or unreadable: it then simply does not count.
     */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(atMostLongest(Duration.ofSeconds(Long.parseLong(value))));
            } catch (NumberFormatException e) {
                // More digits than a long holds: a wait far past any retry window.
                return Optional.of(LONGEST);
            }
        }
        try {
            Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(until.isAfter(now) ? atMostLongest(Duration.between(now, until)) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration atMostLongest(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
