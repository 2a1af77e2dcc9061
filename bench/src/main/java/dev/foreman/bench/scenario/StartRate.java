package dev.foreman.bench.scenario;

import dev.foreman.bench.report.LatencySummary;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How fast a rate-limited queue's jobs started, from their first arrivals at the target. A token
 * bucket lets {@code burst} jobs start at once and then one every {@code 1/per_second}, so the
 * rate is taken from the first start after the burst to the last start, as {@code QueuesE2EIT}
 * takes it.
 *
 * @param starts how many starts there were
 * @param perSecondAfterBurst {@code (n - 1 - burst) / (start[n-1] - start[burst])} over the starts in
 *     time order; NaN when fewer than two starts follow the burst
 * @param mostInAnySecondAfterBurst the most starts within any one second from {@code start[burst]} on:
 *     a bucket that is kept never lets this exceed {@code per_second} by more than one
 * @param intervalsMicros the gaps between consecutive starts from {@code start[burst]} on
 */
record StartRate(long starts, double perSecondAfterBurst, int mostInAnySecondAfterBurst, Histogram intervalsMicros) {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** @param startNanos each job's first arrival ({@link System#nanoTime()}), in any order */
    static StartRate of(long[] startNanos, int burst) {
        long[] starts = startNanos.clone();
        Arrays.sort(starts);
        Histogram intervals = LatencySummary.newMicrosHistogram();
        int from = Math.max(0, burst);
        int last = starts.length - 1;
        if (last - from < 1) {
            return new StartRate(starts.length, Double.NaN, 0, intervals);
        }
        int most = 0;
        int windowStart = from;
        for (int i = from; i <= last; i++) {
            while (starts[i] - starts[windowStart] >= SECOND) {
                windowStart++;
            }
            most = Math.max(most, i - windowStart + 1);
            if (i > from) {
                intervals.recordValue((starts[i] - starts[i - 1]) / 1000);
            }
        }
        double seconds = Math.max(1, starts[last] - starts[from]) / 1e9;
        return new StartRate(starts.length, (last - from) / seconds, most, intervals);
    }
}
