package dev.foreman.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, in UTC. {@link #at} stands still until moved, so time-dependent
 * rounds run at exactly the instants a test names; {@link #ticking} runs with real time plus what
 * the test added, for code under test that also waits on real time (an HTTP request, a poll).
 */
public final class MutableClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** A clock that reads {@code start} until the test moves it. */
    public static MutableClock at(Instant start) {
        return new MutableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** The system clock, moved forward by whatever the test {@link #advance}s: time passing faster than the test waits. */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC());
    }

    /** Moves the clock to {@code instant} (forwards or back); a ticking clock goes on from there. */
    public void set(Instant instant) {
        offset.set(Duration.between(base.instant(), instant));
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Foreman reads instants only, in UTC; a zone has no meaning here");
    }
}
