package dev.foreman.bench.stages;

import dev.foreman.bench.prometheus.PrometheusText;
import dev.foreman.bench.report.StageSummary;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The buckets of every stage series in one scrape, or summed over services, or differenced between two. */
final class StageHistograms {
    private static final String UPPER_BOUND = "le";
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final Map<String, StageMetric> BY_BUCKET_SERIES = Arrays.stream(StageMetric.values())
            .collect(Collectors.toUnmodifiableMap(StageMetric::bucketSeries, Function.identity()));

    private final SortedMap<Series, Buckets> series;

    private StageHistograms(SortedMap<Series, Buckets> series) {
        this.series = series;
    }

    static StageHistograms empty() {
        return new StageHistograms(new TreeMap<>());
    }

    /**
     * The stage histograms' {@code _bucket} series of a Prometheus text exposition, grouped by
     * every label but {@code le}. A histogram without buckets (a timer that publishes no
     * percentile histogram) has no series here.
     */
    static StageHistograms parse(String exposition) {
        Map<Series, Map<Double, Double>> bounds = new TreeMap<>();
        for (PrometheusText.Sample sample : PrometheusText.samples(exposition, BY_BUCKET_SERIES::containsKey)) {
            StageMetric metric = BY_BUCKET_SERIES.get(sample.name());
            String upperBound = sample.labels().get(UPPER_BOUND);
            if (upperBound == null || !metric.matches(sample.labels())) {
                continue;
            }
            double le;
            try {
                le = PrometheusText.number(upperBound);
            } catch (NumberFormatException e) {
                continue;
            }
            SortedMap<String, String> labels = new TreeMap<>(sample.labels());
            labels.remove(UPPER_BOUND);
            bounds.computeIfAbsent(new Series(metric, Collections.unmodifiableSortedMap(labels)), s -> new TreeMap<>())
                    .merge(le, sample.value(), Double::sum);
        }
        SortedMap<Series, Buckets> series = new TreeMap<>();
        bounds.forEach((key, counts) -> series.put(key, Buckets.of(counts)));
        return new StageHistograms(series);
    }

    /** Every series of both; a series both hold is summed. */
    StageHistograms plus(StageHistograms other) {
        SortedMap<Series, Buckets> sum = new TreeMap<>(series);
        other.series.forEach((key, buckets) -> sum.merge(key, buckets, Buckets::plus));
        return new StageHistograms(sum);
    }

    /**
     * What was recorded since {@code earlier}, per series of this (later) scrape; a series that
     * {@code earlier} lacks was registered in between and counts from zero.
     */
    StageHistograms minus(StageHistograms earlier) {
        SortedMap<Series, Buckets> difference = new TreeMap<>();
        series.forEach((key, buckets) ->
                difference.put(key, buckets.minus(earlier.series.getOrDefault(key, Buckets.of(Map.of())))));
        return new StageHistograms(difference);
    }

    /** Whether a difference has a bucket below zero: the service restarted between the scrapes. */
    boolean wentBackwards() {
        return series.values().stream().anyMatch(Buckets::wentBackwards);
    }

    Map<Series, Buckets> series() {
        return Collections.unmodifiableMap(series);
    }

    /**
     * A summary of each series that holds values, in milliseconds, by stage and series order. The
     * key is the stage's short name with the labels that tell the stage's series apart, e.g.
     * {@code relay_step{step=publish}}; labels every series of the stage shares (the service's tag,
     * the required uri and method) are left out of the key, and kept in the summary.
     */
    Map<String, StageSummary> summaries() {
        Map<String, StageSummary> summaries = new LinkedHashMap<>();
        series.forEach((key, buckets) -> {
            long count = buckets.count();
            if (count > 0) {
                summaries.put(
                        name(key),
                        new StageSummary(
                                key.metric().histogram(),
                                key.labels(),
                                count,
                                millis(buckets.upperBound(0.50)),
                                millis(buckets.upperBound(0.90)),
                                millis(buckets.upperBound(0.99))));
            }
        });
        return summaries;
    }

    private String name(Series key) {
        Set<String> distinguishing = new TreeSet<>();
        for (Series other : series.keySet()) {
            if (other.metric() == key.metric()) {
                other.labels().forEach((label, value) -> {
                    if (!value.equals(key.labels().get(label))) {
                        distinguishing.add(label);
                    }
                });
                key.labels().keySet().stream()
                        .filter(label -> !other.labels().containsKey(label))
                        .forEach(distinguishing::add);
            }
        }
        if (distinguishing.isEmpty()) {
            return key.metric().stage();
        }
        return key.metric().stage()
                + distinguishing.stream()
                        .map(label -> label + "=" + key.labels().getOrDefault(label, ""))
                        .collect(Collectors.joining(",", "{", "}"));
    }

    private static double millis(double seconds) {
        // Microseconds are finer than any bucket; an infinite bound stays infinite.
        return Double.isInfinite(seconds) ? seconds : Math.round(seconds * MILLIS_PER_SECOND * 1000) / 1000.0;
    }
}
