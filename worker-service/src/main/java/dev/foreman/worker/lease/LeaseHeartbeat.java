package dev.foreman.worker.lease;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.LeaseCheck;
import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.LoopWork;
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
 * <p>It starts before intake claims anything and stops only after intake has drained, so it keeps
 * beating while a stopping intake waits out the shutdown grace and hands jobs back: see {@code
 * WorkerShutdownOrder}.
 */
@Component
class LeaseHeartbeat implements LoopWork {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final InFlightAttempts inFlight;
    private final JobRepository jobs;
    private final JobClaimer claimer;
    private final Clock clock;
    private final WorkerProperties properties;
    private final Counter renewed;
    private final Counter lost;
    private final BackgroundLoop loop;

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
        // Leases have lease-margin to spare, so a failed beat is simply tried again at the next.
        this.loop = BackgroundLoop.named("foreman-heartbeat", properties.heartbeatInterval())
                .firstRoundAfter(properties.heartbeatInterval())
                .failureMessage("Renewing leases failed")
                .stopWithin(STOP_WAIT)
                .build(() -> {
                    renewLeases();
                    return Next.WHEN_WOKEN;
                });
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

    /** A lease with less than this left is renewed at a beat: half the margin, or two beats if longer. */
    Duration renewalWindow() {
        Duration half = properties.leaseMargin().dividedBy(2);
        Duration twoBeats = properties.heartbeatInterval().multipliedBy(2);
        return half.compareTo(twoBeats) >= 0 ? half : twoBeats;
    }

    @Override
    public BackgroundLoop loop() {
        return loop;
    }
}
