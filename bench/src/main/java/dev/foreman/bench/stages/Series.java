package dev.foreman.bench.stages;

import java.util.Comparator;
import java.util.SortedMap;

/**
 * One series of a stage histogram: the histogram and every label but {@code le}. Series with the
 * same metric and labels are one series, whichever service exposed them.
 */
record Series(StageMetric metric, SortedMap<String, String> labels) implements Comparable<Series> {
    private static final Comparator<Series> ORDER = Comparator.comparing(Series::metric)
            .thenComparing(series -> series.labels().toString());

    /** The metric's order (the way a job goes), then the labels. */
    @Override
    public int compareTo(Series other) {
        return ORDER.compare(this, other);
    }
}
