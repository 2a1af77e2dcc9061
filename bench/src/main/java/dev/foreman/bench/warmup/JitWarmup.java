package dev.foreman.bench.warmup;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides how long a warm-up lasts. Load must run for at least {@code minimum}; after that the
 * warm-up ends as soon as, over the last {@link #WINDOW}, every JVM spent at most
 * {@link #SETTLED_SHARE} of the time compiling, and at the latest after {@code maximum}.
 *
 * <p>Why: on 2 shared cores the api-service's C2 compiler kept compiling about a second per second
 * until about 70 s into a single-submit load (900 C2 compiles of Tomcat, Spring MVC, Jackson and
 * JDBC methods), then dropped to under 0.07 s per second. A fixed 30 s warm-up therefore measured
 * the JIT as much as Foreman: the same code gave 1,400 to 4,500 requests/s, and 5,500 once the JIT
 * had settled.
 */
public final class JitWarmup {
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration STEP = Duration.ofSeconds(5);
    static final double SETTLED_SHARE = 0.10;

    private final Duration minimum;
    private final Duration maximum;
    private final Supplier<Map<String, Double>> compileMillis;
    private final Ticker ticker;

    /**
     * @param minimum load before measuring in any case; zero means no warm-up at all
     * @param maximum the longest warm-up, settled or not; at least {@code minimum}
     * @param compileMillis compile milliseconds so far per JVM (see {@link CompileTime})
     */
    public JitWarmup(Duration minimum, Duration maximum, Supplier<Map<String, Double>> compileMillis, Ticker ticker) {
        if (maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(
                    "the maximum warm-up " + maximum + " is shorter than the minimum " + minimum);
        }
        this.minimum = minimum;
        this.maximum = maximum;
        this.compileMillis = compileMillis;
        this.ticker = ticker;
    }

    /**
     * How a warm-up went.
     *
     * @param took how long it lasted
     * @param settled whether every JVM read had stopped compiling most of the time when it ended
     * @param compileShares per JVM, the share of the last window it spent compiling (compile time
     *     summed over its compiler threads, divided by wall time); empty when no JVM could be read
     *     or the warm-up was shorter than a window
     */
    public record Outcome(Duration took, boolean settled, Map<String, Double> compileShares) {

        /** One line for the report. */
        public String describe() {
            if (took.isZero()) {
                return "no warm-up";
            }
            String seconds = took.toSeconds() + " s";
            if (compileShares.isEmpty()) {
                return "warm-up " + seconds + " (fixed: no JIT compile time could be read)";
            }
            StringBuilder shares = new StringBuilder();
            compileShares.forEach((jvm, share) -> shares.append(shares.isEmpty() ? "" : ", ")
                    .append(jvm)
                    .append(' ')
                    .append(
                            Double.isInfinite(share)
                                    ? "not read at the window's start"
                                    : Math.round(share * 100) + " %"));
            return (settled
                            ? "warm-up " + seconds + ", until the JIT settled"
                            : "warm-up stopped at its " + seconds + " maximum with the JIT still busy")
                    + " (time spent compiling over the last " + WINDOW.toSeconds() + " s: " + shares + ")";
        }
    }

    /** Waits while the caller's load runs, and answers when it should start measuring. */
    public Outcome await() throws InterruptedException {
        if (minimum.isZero()) {
            return new Outcome(Duration.ZERO, false, Map.of());
        }
        long start = ticker.nanoTime();
        Deque<Reading> readings = new ArrayDeque<>();
        while (true) {
            long now = ticker.nanoTime();
            readings.addLast(new Reading(now, compileMillis.get()));
            Map<String, Double> shares = sharesOverWindow(readings);
            long elapsed = now - start;
            if (elapsed >= minimum.toNanos()) {
                boolean settled =
                        !shares.isEmpty() && shares.values().stream().allMatch(share -> share <= SETTLED_SHARE);
                boolean readable =
                        readings.stream().anyMatch(reading -> !reading.millis().isEmpty());
                if (settled || !readable || elapsed >= maximum.toNanos()) {
                    return new Outcome(Duration.ofNanos(elapsed), settled, shares);
                }
            }
            long until = (elapsed < minimum.toNanos() ? minimum : maximum).toNanos();
            ticker.sleepNanos(Math.min(STEP.toNanos(), until - elapsed));
        }
    }

    /**
     * Each JVM of the latest reading, with the share of time it compiled since the latest reading
     * at least a window older; infinite for a JVM that reading lacks (not settled until known).
     * Readings older than that one are dropped. Empty if no reading is a window old yet.
     */
    private static Map<String, Double> sharesOverWindow(Deque<Reading> readings) {
        Reading last = readings.getLast();
        Reading from = null;
        for (Reading reading : readings) {
            if (last.nanos() - reading.nanos() >= WINDOW.toNanos()) {
                from = reading;
            }
        }
        if (from == null) {
            return Map.of();
        }
        while (readings.getFirst() != from) {
            readings.removeFirst();
        }
        double wallMillis = (last.nanos() - from.nanos()) / 1e6;
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Double> jvm : last.millis().entrySet()) {
            Double before = from.millis().get(jvm.getKey());
            shares.put(
                    jvm.getKey(),
                    before == null ? Double.POSITIVE_INFINITY : Math.max(0, jvm.getValue() - before) / wallMillis);
        }
        return shares;
    }

    private record Reading(long nanos, Map<String, Double> millis) {}
}
