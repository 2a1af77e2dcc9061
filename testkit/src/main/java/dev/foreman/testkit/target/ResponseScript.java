package dev.foreman.testkit.target;

import java.time.Duration;
import java.util.Random;

/**
 * Decides what the stub answers to each request, in arrival order. Scripted failures come first
 * ({@code failTimes}), then random failures, then the standing response. Thread-safe.
 */
final class ResponseScript {
    private CannedResponse standing = CannedResponse.OK;
    private CannedResponse countedFailure;
    private int remainingCountedFailures;
    private CannedResponse randomFailure;
    private double randomFailureRate;
    private Random random;
    private Duration delay = Duration.ZERO;

    /** The answer to the next request, and how long to wait before giving it. */
    record Reply(CannedResponse response, Duration delay) {}

    synchronized Reply next() {
        if (remainingCountedFailures > 0) {
            remainingCountedFailures--;
            return new Reply(countedFailure, delay);
        }
        if (random != null && random.nextDouble() < randomFailureRate) {
            return new Reply(randomFailure, delay);
        }
        return new Reply(standing, delay);
    }

    synchronized void respondWith(CannedResponse response) {
        standing = response;
    }

    synchronized void failTimes(int times, CannedResponse failure) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be 0 or more, was " + times);
        }
        countedFailure = failure;
        remainingCountedFailures = times;
    }

    synchronized void respondRandomly(double failureRate, CannedResponse failure, long seed) {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1, was " + failureRate);
        }
        randomFailureRate = failureRate;
        randomFailure = failure;
        random = new Random(seed);
    }

    synchronized void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        this.delay = delay;
    }

    synchronized void reset() {
        standing = CannedResponse.OK;
        countedFailure = null;
        remainingCountedFailures = 0;
        randomFailure = null;
        randomFailureRate = 0;
        random = null;
        delay = Duration.ZERO;
    }
}
