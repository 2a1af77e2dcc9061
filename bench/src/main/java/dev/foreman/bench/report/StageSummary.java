package dev.foreman.bench.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stage of a job's way through the stack, as a service's own histogram saw it over a window:
 * its percentiles are bucket upper bounds ({@code le}), so each value is at most this, never an
 * exact figure like a {@link LatencySummary}'s.
 *
 * @param metric the Prometheus histogram, e.g. {@code foreman_outbox_relay_lag_seconds}
 * @param labels every label of the series but {@code le}
 * @param count how many values the services recorded in the window
 * @param p50 upper bound of the bucket holding the median, in milliseconds; infinite when it lies
 *     above the highest finite bucket
 * @param p90 the same for the 90th percentile
 * @param p99 the same for the 99th percentile
 */
public record StageSummary(String metric, Map<String, String> labels, long count, double p50, double p90, double p99) {

    public StageSummary {
        // Sorted, so that the JSON lists them the same way in every run.
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** One line for the table: {@code p50 <=4.19  p90 <=8.39  p99 <=22.4 ms  (n=29,880)}. */
    public String describe() {
        return "p50 <=%s  p90 <=%s  p99 <=%s ms  (n=%s)"
                .formatted(bound(p50), bound(p90), bound(p99), Numbers.compact(count));
    }

    private static String bound(double millis) {
        return Double.isInfinite(millis) ? "+Inf" : Numbers.millis(millis);
    }
}
