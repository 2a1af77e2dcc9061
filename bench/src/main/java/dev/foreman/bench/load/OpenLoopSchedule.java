package dev.foreman.bench.load;

import java.time.Duration;

/**
 * When each request of an open-loop run is meant to be sent: evenly spaced at {@code rate} per
 * second for {@code duration}, whatever the system under test does. Latency is measured from
 * these intended times, not from when a request actually left, so a stall of the API or of the
 * load generator shows up in every request it delayed (no coordinated omission).
 *
 * @param ratePerSecond requests per second, more than zero
 * @param duration how long the run offers load
 */
public record OpenLoopSchedule(double ratePerSecond, Duration duration) {
    public OpenLoopSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, was " + ratePerSecond);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
    }

    /** How many requests the run sends: every intended time before the end of {@code duration}. */
    public long count() {
        return (long) Math.ceil(duration.toNanos() * ratePerSecond / 1e9);
    }

    /** The intended send time of request {@code index} (from 0), in nanoseconds after the run's start. */
    public long intendedOffsetNanos(long index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("request " + index + " is not in a schedule of " + count());
        }
        return Math.round(index * 1e9 / ratePerSecond);
    }
}
