package dev.foreman.bench.load;

import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.warmup.JitWarmup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: a fixed number of clients, each sending its next request as soon as the
 * previous one answered, through a warm-up and then for a measured period. It finds the most the API
 * sustains at that concurrency; it cannot show queueing delay (a slow answer simply delays the
 * next request), which is what {@link OpenLoop} is for.
 *
 * <p>A request counts when it completes inside the measured period, wherever it started.
 */
public final class ClosedLoop {
    // After a failure a client waits a little, so that a broken API is not hammered in a spin.
    private static final Duration ERROR_PAUSE = Duration.ofMillis(20);

    private ClosedLoop() {}

    /** One request; answers how many jobs it submitted. */
    @FunctionalInterface
    public interface Request {
        int send() throws Exception;
    }

    /**
     * What the measured period saw.
     *
     * @param latencyMicros time from sending each request to its answer
     * @param requests requests answered successfully
     * @param jobs jobs those requests submitted
     * @param errors requests that failed
     * @param firstError the first failure's message, or null
     * @param warmup how the warm-up before the measured period went
     */
    public record Outcome(
            Histogram latencyMicros,
            long requests,
            long jobs,
            long errors,
            String firstError,
            Duration measured,
            JitWarmup.Outcome warmup) {

        public double requestsPerSecond() {
            return requests / seconds();
        }

        public double jobsPerSecond() {
            return jobs / seconds();
        }

        private double seconds() {
            return measured.toNanos() / 1e9;
        }
    }

    /**
     * Runs {@code clients} clients through {@code warmup} (nothing counts while it waits), then
     * measures for {@code measured}.
     */
    public static Outcome run(int clients, JitWarmup warmup, Duration measured, Request request)
            throws InterruptedException {
        Window window = new Window();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Future<ClientTally>> tallies = new ArrayList<>();
        JitWarmup.Outcome warmed;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                tallies.add(executor.submit(() -> runClient(request, window, firstError)));
            }
            try {
                warmed = warmup.await();
                Progress.say("%s", warmed.describe());
            } catch (InterruptedException | RuntimeException e) {
                window.close(); // or the clients would run on, and closing the executor wait for ever
                throw e;
            }
            window.open(System.nanoTime(), measured);
        }
        Histogram latency = LatencySummary.newMicrosHistogram();
        long requests = 0;
        long jobs = 0;
        long errors = 0;
        for (Future<ClientTally> future : tallies) {
            ClientTally tally = future.resultNow();
            latency.add(tally.latencyMicros);
            requests += tally.requests;
            jobs += tally.jobs;
            errors += tally.errors;
        }
        return new Outcome(latency, requests, jobs, errors, firstError.get(), measured, warmed);
    }

    private static ClientTally runClient(Request request, Window window, AtomicReference<String> firstError) {
        ClientTally tally = new ClientTally();
        while (System.nanoTime() < window.until) {
            long sent = System.nanoTime();
            try {
                int jobs = request.send();
                long answered = System.nanoTime();
                if (window.contains(answered)) {
                    tally.latencyMicros.recordValue((answered - sent) / 1000);
                    tally.requests++;
                    tally.jobs += jobs;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tally;
            } catch (Exception e) {
                if (window.contains(System.nanoTime())) {
                    tally.errors++;
                }
                firstError.compareAndSet(null, String.valueOf(e.getMessage()));
                try {
                    Thread.sleep(ERROR_PAUSE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return tally;
                }
            }
        }
        return tally;
    }

    /**
     * The measured period, in {@link System#nanoTime()}: unknown (never reached) while the warm-up
     * runs. {@code until} is written after {@code from}, and read first, so a client that sees the
     * end also sees the start.
     */
    private static final class Window {
        private volatile long from = Long.MAX_VALUE;
        private volatile long until = Long.MAX_VALUE;

        void open(long start, Duration length) {
            from = start;
            until = start + length.toNanos();
        }

        /** Ends the run at once, measuring nothing. */
        void close() {
            from = Long.MAX_VALUE;
            until = Long.MIN_VALUE;
        }

        boolean contains(long nanos) {
            long end = until;
            return nanos >= from && nanos < end;
        }
    }

    private static final class ClientTally {
        final Histogram latencyMicros = LatencySummary.newMicrosHistogram();
        long requests;
        long jobs;
        long errors;
    }
}
