package dev.foreman.bench.stages;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;

/**
 * The cumulative buckets of one histogram series: for each upper bound {@code le} (in the
 * histogram's unit, {@code +Inf} included), how many values were at most {@code le}. Prometheus
 * histograms only ever grow, so the buckets of a later scrape minus those of an earlier one are
 * the histogram of what was recorded in between.
 */
final class Buckets {
    // Bucket counts are whole numbers written as decimals ("12.0"); this absorbs rounding in sums.
    private static final double TOLERANCE = 1e-9;

    private final NavigableMap<Double, Double> cumulative;

    private Buckets(NavigableMap<Double, Double> cumulative) {
        this.cumulative = cumulative;
    }

    /** Buckets from cumulative counts by upper bound ({@code Double.POSITIVE_INFINITY} for {@code +Inf}). */
    static Buckets of(Map<Double, Double> cumulative) {
        return new Buckets(new TreeMap<>(cumulative));
    }

    /** The same series summed over two services. */
    Buckets plus(Buckets other) {
        return combine(other, Double::sum);
    }

    /** What was recorded between {@code earlier} and these buckets. */
    Buckets minus(Buckets earlier) {
        return combine(earlier, (later, before) -> later - before);
    }

    /** Whether some bucket holds fewer values than before: the service restarted in between. */
    boolean wentBackwards() {
        return cumulative.values().stream().anyMatch(count -> count < -TOLERANCE);
    }

    /** How many values the series holds: the {@code +Inf} bucket, or the highest one if it lacks that. */
    long count() {
        return cumulative.isEmpty() ? 0 : Math.round(cumulative.lastEntry().getValue());
    }

    /**
     * The upper bound of the first bucket whose cumulative count reaches {@code quantile} of the
     * values: the quantile is at most this. {@code +Inf} when only the last bucket reaches it; NaN
     * when the series holds no values.
     */
    double upperBound(double quantile) {
        long count = count();
        if (count == 0) {
            return Double.NaN;
        }
        double rank = Math.max(1, Math.ceil(quantile * count - TOLERANCE));
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank - TOLERANCE) {
                return bucket.getKey();
            }
        }
        return cumulative.lastKey();
    }

    /**
     * Combines bound by bound over the bounds of both sides. A side without some bound holds there
     * what its next lower bound holds, since the counts are cumulative; with the same bounds on both
     * sides, as for one series of one histogram, that never comes up.
     */
    private Buckets combine(Buckets other, DoubleBinaryOperator operation) {
        TreeSet<Double> bounds = new TreeSet<>(cumulative.keySet());
        bounds.addAll(other.cumulative.keySet());
        NavigableMap<Double, Double> combined = new TreeMap<>();
        for (double bound : bounds) {
            combined.put(bound, operation.applyAsDouble(atMost(bound), other.atMost(bound)));
        }
        return new Buckets(combined);
    }

    private double atMost(double bound) {
        Map.Entry<Double, Double> floor = cumulative.floorEntry(bound);
        return floor == null ? 0 : floor.getValue();
    }
}
