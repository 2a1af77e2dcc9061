package dev.foreman.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.FlowControl;
import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MissedStartsTest {
    private static final Instant RESERVED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMillis(500);

    private final MutableClock clock = MutableClock.at(RESERVED);
    private final MissedStarts missedStarts = new MissedStarts(clock, TOLERANCE);

    @Test
    void aJobClaimedAheadOfItsReservedStartTakesIt() {
        clock.set(RESERVED.minusMillis(400));

        assertThat(missedStarts.missed(parkedFor(ParkReason.RATE))).isFalse();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.RATE), false)).isFalse();
    }

    @Test
    void aJobClaimedWithinTheToleranceAfterItsReservedStartTakesIt() {
        clock.set(RESERVED.plus(TOLERANCE));

        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.RATE), false)).isFalse();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.FLOW_RATE), false))
                .isFalse();
    }

    @Test
    void aJobClaimedLaterThanTheToleranceAfterItsReservedStartAsksItsBucketAgain() {
        clock.set(RESERVED.plus(TOLERANCE).plusMillis(1));

        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.RATE), false)).isTrue();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.FLOW_RATE), false))
                .isTrue();
    }

    @Test
    void aJobThatAskedAgainBeforeTakesItsSecondStartHoweverLate() {
        clock.set(RESERVED.plus(Duration.ofHours(2)));

        assertThat(missedStarts.missed(parkedFor(ParkReason.RATE))).isTrue();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.RATE), true)).isFalse();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.FLOW_RATE), true))
                .isFalse();
    }

    @Test
    void aJobThatHeldNoRateReservationMissedNoStart() {
        clock.set(RESERVED.plus(Duration.ofHours(2)));

        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.QUEUE_CONCURRENCY), false))
                .isFalse();
        assertThat(missedStarts.asksAgain(parkedFor(ParkReason.PAUSED), false)).isFalse();
        assertThat(missedStarts.asksAgain(neverParked(), false)).isFalse();
    }

    @Test
    void theMarkOfAJobThatAskedAgainOutlivesItsSecondStartByAnHour() {
        assertThat(missedStarts.markKeptFor(RESERVED.plusSeconds(30)))
                .isEqualTo(Duration.ofSeconds(30).plus(MissedStarts.MARK_OUTLIVES_START));
        assertThat(missedStarts.markKeptFor(RESERVED)).isEqualTo(MissedStarts.MARK_OUTLIVES_START);
    }

    private static ClaimedJob parkedFor(ParkReason reason) {
        return claimed(reason.wireName());
    }

    private static ClaimedJob neverParked() {
        return claimed(null);
    }

    private static ClaimedJob claimed(String parkedFor) {
        return new ClaimedJob(
                Jobs.stored(Jobs.aJob().dueAt(RESERVED).build(), JobState.RUNNING, 1, RESERVED.minusSeconds(60), "w"),
                "secret",
                new FlowControl(null, null, null, parkedFor));
    }
}
