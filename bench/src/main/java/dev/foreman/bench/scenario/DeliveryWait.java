package dev.foreman.bench.scenario;

import dev.foreman.bench.report.Progress;
import dev.foreman.bench.target.Arrivals;
import java.time.Duration;

/**
 * Waits until the target has seen the jobs a scenario submitted, reporting progress, and gives up
 * when deliveries stop: after {@code firstWithin} if nothing arrived at all, or after
 * {@code stallLimit} without a new delivery.
 */
public final class DeliveryWait {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private DeliveryWait() {}

    /** Answers how many distinct jobs arrived; fewer than {@code expected} means it gave up. */
    public static long await(String label, Arrivals arrivals, long expected, Duration firstWithin, Duration stallLimit)
            throws InterruptedException {
        long started = System.nanoTime();
        long lastProgress = started;
        long lastReport = started;
        long seen = arrivals.distinct();
        while (seen < expected) {
            Thread.sleep(POLL);
            long now = System.nanoTime();
            long count = arrivals.distinct();
            if (count > seen) {
                seen = count;
                lastProgress = now;
            }
            if (now - lastReport >= REPORT_EVERY.toNanos()) {
                Progress.say("%s: %,d of %,d jobs delivered", label, seen, expected);
                lastReport = now;
            }
            Duration limit = seen == 0 ? firstWithin : stallLimit;
            if (seen < expected && now - lastProgress > limit.toNanos()) {
                Progress.say(
                        "%s: giving up after %s without a delivery: %,d of %,d jobs delivered",
                        label, limit, seen, expected);
                return seen;
            }
        }
        return seen;
    }
}
