package dev.foreman.worker.lease;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.LeaseCheck;
import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.attempt.InFlightAttempts;
import dev.foreman.worker.attempt.RunningAttempt;
import dev.foreman.worker.claim.JobClaimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every {@link WorkerProperties#heartbeatInterval()}, checks in one statement which attempts in
 * flight still hold their lease, and renews the leases that are running out, to now plus
 * {@link WorkerProperties#leaseMargin()}, so an attempt that outlives its initial lease (a slow
 * target, a stalled machine) is not reaped while this worker is alive. A lease runs out when less
 * than half the margin is left, or less than two beats if that is more: most attempts end before
 * that, and their jobs are never written by the heartbeat (each renewal is a new row version of
 * the job). A job missing from the answer is no longer this worker's: a person cancelled it or the
 * reaper re-queued it. Its request is aborted at once; whatever the target would answer could not
 * be recorded anyway.
 *
 * <p>A second loop, the watchdog, guards against the heartbeat itself failing (the database is down,
 * or a renewal hangs on a half-open socket): an attempt whose target has not answered yet, and whose
 * lease (as last read back) ends within {@link #abortGuard()} while the renewals are failing, is
 * aborted, so its request is cut off before the reaper can hand the job to another worker and two
 * attempts of one job never run at once. An attempt whose target has answered is not aborted: it
 * sends nothing more, and it keeps trying to record its result (see {@code AttemptFinisher}).
 *
 * <p>It starts before intake claims anything and stops only after intake has drained, so it keeps
 * beating while a stopping intake waits out the shutdown grace and hands jobs back: see {@code
 * WorkerShutdownOrder}.
 */
@Component
class LeaseHeartbeat implements BackgroundWork {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final InFlightAttempts inFlight;
    private final JobRepository jobs;
    private final JobClaimer claimer;
    private final Clock clock;
    private final WorkerProperties properties;
    private final Counter renewed;
    private final Counter lost;
    private final Counter expiring;
    private final BackgroundLoop loop;
    private final BackgroundLoop watchdog;
    // Whether the last beat failed, and since when (System.nanoTime) the beat in hand has run: the
    // watchdog acts only while renewals fail, never because it raced a beat that is about to succeed.
    private volatile boolean lastBeatFailed;
    private volatile long beatStartedNanos;
    private volatile boolean beating;

    LeaseHeartbeat(
            InFlightAttempts inFlight,
            JobRepository jobs,
            JobClaimer claimer,
            Clock clock,
            WorkerProperties properties,
            MeterRegistry meters) {
        this.inFlight = inFlight;
        this.jobs = jobs;
        this.claimer = claimer;
        this.clock = clock;
        this.properties = properties;
        this.renewed = Counter.builder("foreman.worker.lease.renewals")
                .description("Leases renewed by the heartbeat (those of running attempts that were running out)")
                .register(meters);
        this.lost = Counter.builder("foreman.worker.lease.lost")
                .description("Running attempts whose lease the heartbeat found taken away (the job was cancelled"
                        + " or reaped); their requests were aborted")
                .register(meters);
        this.expiring = Counter.builder("foreman.worker.lease.expiring.aborted")
                .description("Running attempts aborted because their lease was about to end while the heartbeat"
                        + " could not renew it (the database was unreachable)")
                .register(meters);
        // Leases have lease-margin to spare, so a failed beat is simply tried again at the next.
        this.loop = BackgroundLoop.named("foreman-heartbeat", properties.heartbeatInterval())
                .firstRoundAfter(properties.heartbeatInterval())
                .failureMessage("Renewing leases failed")
                .stopWithin(STOP_WAIT)
                .build(() -> {
                    beat();
                    return Next.WHEN_WOKEN;
                });
        this.watchdog = BackgroundLoop.named("foreman-lease-watchdog", properties.heartbeatInterval())
                .firstRoundAfter(properties.heartbeatInterval())
                .failureMessage("Checking for expiring leases failed")
                .stopWithin(STOP_WAIT)
                .build(() -> {
                    abortAttemptsOfExpiringLeases();
                    return Next.WHEN_WOKEN;
                });
    }

    private void beat() {
        beatStartedNanos = System.nanoTime();
        beating = true;
        try {
            renewLeases();
            lastBeatFailed = false;
        } catch (RuntimeException e) {
            lastBeatFailed = true;
            throw e;
        } finally {
            beating = false;
        }
    }

    /** One beat: renews the leases running out and aborts the attempts that lost theirs. */
    void renewLeases() {
        List<RunningAttempt> attempts = inFlight.running();
        if (attempts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<UUID> ids = attempts.stream().map(RunningAttempt::jobId).toList();
        LeaseCheck check = jobs.renewLeases(
                ids, claimer.workerId(), now.plus(renewalWindow()), now.plus(properties.leaseMargin()));
        renewed.increment(check.renewed());
        for (RunningAttempt attempt : attempts) {
            Instant leaseEnd = check.leasedUntil().get(attempt.jobId());
            if (leaseEnd != null) {
                attempt.leaseHeldUntil(leaseEnd);
            }
            // Missing because it just finished is no loss: abort() refuses once the target has answered.
            if (!check.held().contains(attempt.jobId()) && inFlight.abort(attempt)) {
                lost.increment();
                log.info(
                        "Job {} was cancelled or reaped during attempt {}; its request was aborted",
                        attempt.jobId(),
                        attempt.claimed().job().attempt());
            }
        }
    }

    /**
     * The watchdog's round: while renewals fail, aborts every attempt still waiting for its target
     * whose lease ends within {@link #abortGuard()}.
     */
    void abortAttemptsOfExpiringLeases() {
        if (!renewalsFailing()) {
            return;
        }
        Instant abortBy = clock.instant().plus(abortGuard());
        for (RunningAttempt attempt : inFlight.running()) {
            Instant leaseEnd = attempt.leaseHeldUntil();
            if (leaseEnd != null && !leaseEnd.isAfter(abortBy) && !attempt.answered() && inFlight.abort(attempt)) {
                expiring.increment();
                log.warn(
                        "Job {} attempt {}: its lease ends at {} and could not be renewed; its request was aborted"
                                + " so that it cannot overlap with the next attempt",
                        attempt.jobId(),
                        attempt.claimed().job().attempt(),
                        leaseEnd);
            }
        }
    }

    /** The last beat failed, or the beat in hand has run for longer than a beat interval. */
    private boolean renewalsFailing() {
        return lastBeatFailed
                || (beating
                        && System.nanoTime() - beatStartedNanos
                                > properties.heartbeatInterval().toNanos());
    }

    /**
     * How long before its lease ends an unanswered attempt is aborted while renewals fail: two beat
     * intervals, so the watchdog (which looks once a beat) aborts it at least one beat before the end.
     */
    Duration abortGuard() {
        return properties.heartbeatInterval().multipliedBy(2);
    }

    /** A lease with less than this left is renewed at a beat: half the margin, or two beats if longer. */
    Duration renewalWindow() {
        Duration half = properties.leaseMargin().dividedBy(2);
        Duration twoBeats = properties.heartbeatInterval().multipliedBy(2);
        return half.compareTo(twoBeats) >= 0 ? half : twoBeats;
    }

    @Override
    public void start() {
        loop.start();
        watchdog.start();
    }

    @Override
    public void stop() {
        loop.stop();
        watchdog.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
