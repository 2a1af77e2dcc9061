package dev.foreman.cli;

/** The command line or a setting is wrong (a bad duration, no API key): exit code 2 with the message. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
