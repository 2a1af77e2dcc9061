package dev.foreman.bench.report;

import java.util.Locale;

/** How the table prints a number: enough digits to compare runs, no more. */
final class Numbers {
    private Numbers() {}

    /** Whole numbers without decimals; others with three significant digits, at least one decimal. */
    static String compact(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.1f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * Milliseconds with three significant digits (0.512, 3.10, 12.0, 141), so that columns of
     * latencies compare at a glance.
     */
    static String millis(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
