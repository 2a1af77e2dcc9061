package dev.foreman.worker.flow;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.queue.ParkReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a job parked for the start its rate bucket reserved for it still takes that start when it
 * is claimed again, or missed it and asks the bucket again.
 *
 * <p>A reservation is one slot of the bucket's schedule: the bucket counted that start for that job
 * when it reserved it, and the job's {@code run_at} became the slot. A job claimed in time takes its
 * slot without asking again, so nothing polls for a token: the scheduler wakes it a promote
 * lookahead before the slot and the worker holds it until then. "In time" allows the job to be
 * claimed up to {@link FlowProperties#reservedStartTolerance()} after its slot: a job reserved
 * less than a lookahead ahead is woken only at the scheduler's next round and then travels the
 * outbox, the relay, Kafka and a claim, so it comes back a little after its slot as a matter of
 * course. The default, 500 ms, is above that way back on a working stack (the promote interval,
 * 100 ms, and the trip itself, tens to a couple hundred ms), yet keeps a start honoured late within
 * half a second of its slot: starts in any second stay within the burst plus 1.5 seconds' worth.
 *
 * <p>A job claimed later than that (its workers were stopped, cold or behind) would start at once on
 * a slot long gone, and the jobs whose slots went by together would start together: in the bench's
 * {@code ratelimit} run on a cold stack, 257 starts came in one second under a limit of 50. So such
 * a job asks its bucket again: its missed slot stays unused (the limit is a ceiling; a start not
 * made is not made up later), and the bucket lets it start now only within its burst, or reserves
 * it a new slot. The jobs that come back late together are spread like new jobs would be.
 *
 * <p>A job asks again at most once per attempt. Were the way back always slower than the
 * tolerance (a stack too loaded to deliver a woken job within it), a job that asked again every
 * time it was late would be parked every time and never start, each time using up a slot that
 * nobody starts on. So asking again marks the job's attempt in Redis until an hour after its new
 * slot ({@link #MARK_OUTLIVES_START}: far longer than any working way back), and a marked job takes
 * its second slot however late it is claimed; the price is that only a job late twice in a row can
 * start late. The mark is read only for jobs that missed their slot (one pipelined round trip for a
 * claim batch that has any), so a claim in time costs nothing more. It lives in Redis rather than in
 * the job's row because that row has no place for it (a new {@code parked_reason} would take a
 * migration of its check constraint) and because it belongs with the bucket it bounds: a Redis that
 * lost its data lost the buckets too, and a lost mark only allows one more ask. A tolerance that
 * grows with each ask was the other way to bound it, but it needs the same per-job memory of how
 * often the job asked, and a limit that loosens the later a job is.
 */
final class MissedStarts {
    /** How long after its second reserved start a job's mark that it asked again is kept. */
    static final Duration MARK_OUTLIVES_START = Duration.ofHours(1);

    private final Clock clock;
    private final Duration tolerance;

    MissedStarts(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /**
     * Whether {@code claimed} was parked for the start a rate bucket reserved for it (its {@code
     * run_at}) and is claimed more than the tolerance after that start.
     */
    boolean missed(ClaimedJob claimed) {
        String parkedFor = claimed.flow().parkedFor();
        if (parkedFor == null || !ParkReason.fromWireName(parkedFor).holdsRateReservation()) {
            return false;
        }
        return clock.instant().isAfter(claimed.job().runAt().plus(tolerance));
    }

    /**
     * Whether {@code claimed} asks the bucket it was parked for again instead of taking the start
     * it reserved: it missed that start, and had not asked again for this attempt before.
     *
     * @param askedAgainBefore whether the job's attempt is marked as having asked again
     */
    boolean asksAgain(ClaimedJob claimed, boolean askedAgainBefore) {
        return !askedAgainBefore && missed(claimed);
    }

    /** How long to keep the mark of a job that asked again and got {@code secondStart}. */
    Duration markKeptFor(Instant secondStart) {
        Duration untilStart = Duration.between(clock.instant(), secondStart);
        return (untilStart.isNegative() ? Duration.ZERO : untilStart).plus(MARK_OUTLIVES_START);
    }
}
