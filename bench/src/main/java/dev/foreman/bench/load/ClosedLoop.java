package dev.foreman.bench.load;

import dev.foreman.bench.report.LatencySummary;
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
 * previous one answered, for a warm-up and then a measured period. It finds the most the API
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
     */
    public record Outcome(
            Histogram latencyMicros, long requests, long jobs, long errors, String firstError, Duration measured) {

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

    public static Outcome run(int clients, Duration warmup, Duration measured, Request request)
            throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long until = measureFrom + measured.toNanos();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Future<ClientTally>> tallies = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                tallies.add(executor.submit(() -> runClient(request, measureFrom, until, firstError)));
            }
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
        return new Outcome(latency, requests, jobs, errors, firstError.get(), measured);
    }

    private static ClientTally runClient(
            Request request, long measureFrom, long until, AtomicReference<String> firstError) {
        ClientTally tally = new ClientTally();
        while (System.nanoTime() < until) {
            long sent = System.nanoTime();
            try {
                int jobs = request.send();
                long answered = System.nanoTime();
                if (answered >= measureFrom && answered < until) {
                    tally.latencyMicros.recordValue((answered - sent) / 1000);
                    tally.requests++;
                    tally.jobs += jobs;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tally;
            } catch (Exception e) {
                long failed = System.nanoTime();
                if (failed >= measureFrom && failed < until) {
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

    private static final class ClientTally {
        final Histogram latencyMicros = LatencySummary.newMicrosHistogram();
        long requests;
        long jobs;
        long errors;
    }
}
