package dev.foreman.bench.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs an {@link OpenLoopSchedule}: one pacing thread starts each request on a virtual thread of
 * its own at its intended time, never waiting for earlier requests to answer. If the API slows
 * down, requests pile up instead of being held back, as they would from real independent clients.
 */
public final class OpenLoop {
    private OpenLoop() {}

    /** One request of the schedule; runs on its own virtual thread. */
    @FunctionalInterface
    public interface Send {
        /**
         * @param index the request's position in the schedule
         * @param intendedNanos the {@link System#nanoTime()} at which it was meant to be sent
         */
        void send(long index, long intendedNanos);
    }

    /**
     * What the pacing did.
     *
     * @param startNanos the {@link System#nanoTime()} of the schedule's offset zero
     * @param sent requests started
     * @param maxSendLagNanos the longest any request started after its intended time; large values
     *     mean the load generator itself could not keep up (the latencies still count from the
     *     intended time, so they stay honest)
     * @param allAnswered false if some requests were still running when {@code answerWithin} ran out
     */
    public record Outcome(long startNanos, long sent, long maxSendLagNanos, boolean allAnswered) {}

    /** Sends the whole schedule, then waits up to {@code answerWithin} for the last requests to finish. */
    public static Outcome run(OpenLoopSchedule schedule, Duration answerWithin, Send send) throws InterruptedException {
        return run(schedule, answerWithin, send, () -> false);
    }

    /**
     * Sends the schedule until its end or until {@code stop} answers true (it is asked before each
     * request), then waits up to {@code answerWithin} for the requests sent to finish.
     */
    public static Outcome run(OpenLoopSchedule schedule, Duration answerWithin, Send send, BooleanSupplier stop)
            throws InterruptedException {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        // A short lead so that the first request is not already late when pacing begins.
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long maxLag = 0;
        long count = schedule.count();
        long sent = 0;
        for (long i = 0; i < count && !stop.getAsBoolean(); i++) {
            long intended = start + schedule.intendedOffsetNanos(i);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, -wait);
            long index = i;
            executor.execute(() -> send.send(index, intended));
            sent++;
        }
        executor.shutdown();
        boolean answered = executor.awaitTermination(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        if (!answered) {
            executor.shutdownNow();
        }
        return new Outcome(start, sent, maxLag, answered);
    }
}
