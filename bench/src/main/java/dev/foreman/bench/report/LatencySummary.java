package dev.foreman.bench.report;

import org.HdrHistogram.Histogram;

/**
 * The percentiles of one latency distribution, in milliseconds with microsecond precision.
 *
 * @param count how many values were recorded
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest value recorded
 * @param mean the arithmetic mean
 */
public record LatencySummary(long count, double p50, double p90, double p99, double max, double mean) {
    private static final double MICROS_PER_MILLI = 1000.0;

    /**
     * A histogram for latencies recorded in microseconds. It resizes itself, so no recorded value
     * is ever refused, however late a job ran; three significant digits keep the error under 0.1%.
     */
    public static Histogram newMicrosHistogram() {
        return new Histogram(3);
    }

    /** Summarises a histogram whose values are microseconds; an empty one gives count 0 and zeros. */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(
                micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()),
                millis(micros.getMean()));
    }

    /** One line for the table: {@code p50 3.10  p90 5.25  p99 12.0  max 140 ms  (n=80,123)}. */
    public String describe() {
        if (count == 0) {
            return "no values";
        }
        return "p50 %s  p90 %s  p99 %s  max %s ms  (n=%s)"
                .formatted(
                        Numbers.millis(p50),
                        Numbers.millis(p90),
                        Numbers.millis(p99),
                        Numbers.millis(max),
                        Numbers.compact(count));
    }

    private static double millis(double micros) {
        return Math.round(micros) / MICROS_PER_MILLI;
    }
}
