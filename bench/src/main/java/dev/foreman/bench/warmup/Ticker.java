package dev.foreman.bench.warmup;

import java.util.concurrent.TimeUnit;

/** Monotonic time and waiting, so that a test can drive a warm-up without waiting for real. */
public interface Ticker {

    /** The real one: {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
