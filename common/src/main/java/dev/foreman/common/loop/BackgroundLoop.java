package dev.foreman.common.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Round} again and again on named platform threads, for as long as it runs. A round
 * that found work ({@link Next#AT_ONCE}) is followed at once by the next; one that found none
 * ({@link Next#WHEN_WOKEN}) waits until {@link #wakeUp()} or the idle interval, whichever comes
 * first, so a producer nudges the loop instead of the loop polling blindly, and a lost nudge costs
 * at most one idle interval. A round that throws is logged and followed by a pause (the back-off),
 * which only stopping cuts short: a failing database is not retried in a tight loop.
 *
 * <p>Stopping lets the round in progress finish (or, with {@link Builder#drainOnStop()}, runs rounds
 * until one finds nothing to do), runs {@link Builder#afterLastRound} and ends the threads. It
 * waits up to {@link Builder#stopWithin}; a thread still running then is interrupted and left,
 * with a log line. A stopped loop can be started again.
 */
public final class BackgroundLoop implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    /** What a round found, which decides when the next one runs. */
    public enum Next {
        /** There may be more work: run the next round at once. */
        AT_ONCE,
        /** Nothing left: wait for a wake-up or the idle interval. */
        WHEN_WOKEN
    }

    /** One round of the loop's work. */
    @FunctionalInterface
    public interface Round {
        Next run() throws Exception;
    }

    private final String name;
    private final int threadCount;
    private final boolean daemon;
    private final Duration idle;
    private final Duration firstRoundAfter;
    private final IntFunction<Duration> backOff;
    private final String failureMessage;
    private final Duration stopWithin;
    private final boolean drainOnStop;
    private final boolean interruptToStop;
    private final Runnable afterLastRound;
    private final Round round;

    private final Object wakeUps = new Object();
    private long generation; // guarded by wakeUps
    private Run current; // guarded by this

    private BackgroundLoop(Builder builder, Round round) {
        this.name = builder.name;
        this.threadCount = builder.threads;
        this.daemon = builder.daemon;
        this.idle = builder.idle;
        this.firstRoundAfter = builder.firstRoundAfter;
        this.backOff = builder.backOff != null ? builder.backOff : failures -> builder.idle;
        this.failureMessage = builder.failureMessage != null ? builder.failureMessage : name + " failed";
        this.stopWithin = builder.stopWithin;
        this.drainOnStop = builder.drainOnStop;
        this.interruptToStop = builder.interruptToStop;
        this.afterLastRound = builder.afterLastRound;
        this.round = Objects.requireNonNull(round, "round");
    }

    /**
     * A loop whose thread is called {@code name} ({@code name-1}, {@code name-2}… with more than one
     * thread) and which waits {@code idle} after a round that found nothing to do.
     */
    public static Builder named(String name, Duration idle) {
        return new Builder(name, idle);
    }

    @Override
    public synchronized void start() {
        if (current != null) {
            return;
        }
        Run run = new Run(threadCount);
        for (int i = 1; i <= threadCount; i++) {
            String threadName = threadCount == 1 ? name : name + "-" + i;
            run.threads.add(Thread.ofPlatform().name(threadName).daemon(daemon).unstarted(() -> runRounds(run)));
        }
        current = run;
        run.threads.forEach(Thread::start);
    }

    @Override
    public void stop() {
        Stopping stopping = requestStop();
        if (stopping != null) {
            stopping.await();
        }
    }

    /**
     * Stops every loop at once and waits for all of them, each up to its own bound from now, so
     * stopping several takes as long as the slowest instead of the sum.
     */
    public static void stopAll(List<BackgroundLoop> loops) {
        List<Stopping> stopping = new ArrayList<>();
        for (BackgroundLoop loop : loops) {
            Stopping requested = loop.requestStop();
            if (requested != null) {
                stopping.add(requested);
            }
        }
        stopping.forEach(Stopping::await);
    }

    private Stopping requestStop() {
        Run run;
        synchronized (this) {
            run = current;
            current = null;
        }
        if (run == null) {
            return null;
        }
        run.stopping = true;
        run.stopRequested.countDown();
        synchronized (wakeUps) {
            generation++;
            wakeUps.notifyAll();
        }
        if (interruptToStop) {
            run.threads.forEach(Thread::interrupt);
        }
        return new Stopping(run, System.nanoTime() + stopWithin.toNanos());
    }

    @Override
    public synchronized boolean isRunning() {
        return current != null;
    }

    /** Whether a stop was asked for while a round runs; for rounds that linger, to stop lingering. */
    public synchronized boolean isStopping() {
        return current == null;
    }

    /** Wakes one thread that waits for work, or makes the next one that would wait look again at once. */
    public void wakeUp() {
        synchronized (wakeUps) {
            generation++;
            wakeUps.notify();
        }
    }

    private void runRounds(Run run) {
        try {
            if (firstRoundAfter.isPositive() && run.pauseUnlessStopped(firstRoundAfter)) {
                return;
            }
            int failures = 0;
            while (drainOnStop || !run.stopping) {
                long seen = generation();
                Next next;
                try {
                    next = round.run();
                    failures = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (run.stopping) {
                        log.warn("{} while stopping; not trying again: {}", failureMessage, e.toString());
                        return;
                    }
                    failures++;
                    Duration pause = backOff.apply(failures);
                    logFailure(e, failures, pause);
                    if (run.pauseUnlessStopped(pause)) {
                        return;
                    }
                    continue;
                }
                if (next == Next.WHEN_WOKEN) {
                    if (run.stopping || awaitWakeUp(run, seen)) {
                        return;
                    }
                }
            }
        } finally {
            if (run.active.decrementAndGet() == 0 && afterLastRound != null) {
                runAfterLastRound();
            }
        }
    }

    private void runAfterLastRound() {
        try {
            afterLastRound.run();
        } catch (RuntimeException e) {
            log.error("{}: stopping failed", name, e);
        }
    }

    private void logFailure(Exception e, int failures, Duration pause) {
        if (failures == 1) {
            log.warn("{}; retrying in {}", failureMessage, pause, e);
        } else {
            log.warn("{} ({} times in a row); retrying in {}: {}", failureMessage, failures, pause, e.toString());
        }
    }

    private long generation() {
        synchronized (wakeUps) {
            return generation;
        }
    }

    /** Waits for a wake-up after {@code seen}, the idle interval or a stop; true when interrupted. */
    private boolean awaitWakeUp(Run run, long seen) {
        long deadline = System.nanoTime() + idle.toNanos();
        synchronized (wakeUps) {
            while (generation == seen && !run.stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUps, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
        }
        return false;
    }

    /** The threads of one start, and whether they were asked to stop. */
    private static final class Run {
        final List<Thread> threads = new ArrayList<>();
        final CountDownLatch stopRequested = new CountDownLatch(1);
        final AtomicInteger active;
        volatile boolean stopping;

        Run(int threads) {
            this.active = new AtomicInteger(threads);
        }

        /** Pauses; true when the pause ended because of a stop or an interrupt. */
        boolean pauseUnlessStopped(Duration pause) {
            try {
                return stopRequested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    /** A run asked to stop, to be waited for until {@code deadline} ({@link System#nanoTime()}). */
    private final class Stopping {
        private final Run run;
        private final long deadline;

        Stopping(Run run, long deadline) {
            this.run = run;
            this.deadline = deadline;
        }

        void await() {
            for (Thread thread : run.threads) {
                try {
                    thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            List<Thread> alive = run.threads.stream().filter(Thread::isAlive).toList();
            if (!alive.isEmpty()) {
                alive.forEach(Thread::interrupt);
                log.warn("{} did not stop within {}; interrupted it and left it", name, stopWithin);
            }
        }
    }

    /** How a loop runs; every setting has a default but the name and the idle interval. */
    public static final class Builder {
        private final String name;
        private final Duration idle;
        private int threads = 1;
        private boolean daemon = true;
        private Duration firstRoundAfter = Duration.ZERO;
        private IntFunction<Duration> backOff;
        private String failureMessage;
        private Duration stopWithin = Duration.ofSeconds(30);
        private boolean drainOnStop;
        private boolean interruptToStop;
        private Runnable afterLastRound;

        private Builder(String name, Duration idle) {
            this.name = Objects.requireNonNull(name, "name");
            this.idle = Objects.requireNonNull(idle, "idle");
        }

        /** How many threads run rounds at once (default 1); a wake-up wakes one of them. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("a loop needs at least one thread, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Whether the threads keep the JVM alive (default: they do not). A service whose only
         * non-daemon thread is its loop must keep it.
         */
        public Builder keepsJvmAlive() {
            this.daemon = false;
            return this;
        }

        /** Waits this long before the first round (default: none). */
        public Builder firstRoundAfter(Duration delay) {
            this.firstRoundAfter = Objects.requireNonNull(delay);
            return this;
        }

        /**
         * The pause after the {@code n}th failed round in a row (default: the idle interval). A
         * wake-up does not cut it short; a stop does.
         */
        public Builder backOff(IntFunction<Duration> pauseAfterFailures) {
            this.backOff = Objects.requireNonNull(pauseAfterFailures);
            return this;
        }

        /** The start of the log line when a round fails, such as "Renewing leases failed". */
        public Builder failureMessage(String message) {
            this.failureMessage = Objects.requireNonNull(message);
            return this;
        }

        /** How long stopping waits for the threads before it interrupts them (default 30 s). */
        public Builder stopWithin(Duration bound) {
            this.stopWithin = Objects.requireNonNull(bound);
            return this;
        }

        /** After a stop, runs rounds until one finds nothing to do, instead of ending after the current one. */
        public Builder drainOnStop() {
            this.drainOnStop = true;
            return this;
        }

        /** Interrupts the threads as soon as a stop is asked for, instead of only at its bound. */
        public Builder interruptToStop() {
            this.interruptToStop = true;
            return this;
        }

        /** Runs on the last thread to end after a stop (to close what the rounds used), within the bound. */
        public Builder afterLastRound(Runnable action) {
            this.afterLastRound = Objects.requireNonNull(action);
            return this;
        }

        public BackgroundLoop build(Round round) {
            return new BackgroundLoop(this, round);
        }
    }
}
