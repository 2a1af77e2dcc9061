package dev.foreman.bench.report;

import java.util.Locale;

/**
 * Progress lines on standard error, stamped with the time since the bench started, so that the
 * table on standard output stays clean enough to paste or pipe.
 */
public final class Progress {
    private static final long STARTED = System.nanoTime();

    private Progress() {}

    public static void say(String format, Object... args) {
        long seconds = (System.nanoTime() - STARTED) / 1_000_000_000L;
        String stamp = String.format(Locale.ROOT, "[%02d:%02d]", seconds / 60, seconds % 60);
        System.err.println(stamp + " " + String.format(Locale.ROOT, format, args));
    }
}
