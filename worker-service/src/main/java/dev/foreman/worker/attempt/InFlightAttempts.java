package dev.foreman.worker.attempt;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.logs.LogContext;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.claim.WorkerId;
import dev.foreman.worker.dispatch.DispatchResult;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.HttpDispatcher;
import dev.foreman.worker.finish.AttemptFinisher;
import dev.foreman.worker.flow.AdmissionGate;
import dev.foreman.worker.flow.TenantShare;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The attempts this worker is running, at most {@link WorkerProperties#maxInFlight()}. Intake
 * {@linkplain #reserve reserves} capacity before it claims, so a claimed job always has a slot;
 * the slot is given back when the attempt has finished (or when a reservation was not used).
 * An attempt can be {@linkplain #abort aborted}: its request is cut off and it records nothing,
 * because someone else now decides the job's fate (a person who cancelled it, the reaper, or the
 * hand-back of a stopping worker).
 */
@Component
public class InFlightAttempts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InFlightAttempts.class);

    private final HttpDispatcher dispatcher;
    private final AttemptFinisher finisher;
    private final AdmissionGate admission;
    private final TenantShare share;
    private final String workerId;
    private final Tracing tracing;
    private final LogContext logs;
    private final Clock clock;
    private final int capacity;
    private final Semaphore slots;
    private final Map<UUID, RunningAttempt> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("foreman-attempt-", 0).factory());
    private final MeterRegistry meters;
    private final Counter aborted;
    private final Map<String, Timer> dispatchTimers = new ConcurrentHashMap<>();

    InFlightAttempts(
            HttpDispatcher dispatcher,
            AttemptFinisher finisher,
            AdmissionGate admission,
            TenantShare share,
            WorkerId workerId,
            Tracing tracing,
            LogContext logs,
            Clock clock,
            WorkerProperties properties,
            MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.finisher = finisher;
        this.admission = admission;
        this.share = share;
        this.workerId = workerId.value();
        this.tracing = tracing;
        this.logs = logs;
        this.clock = clock;
        this.capacity = properties.maxInFlight();
        this.slots = new Semaphore(capacity);
        this.meters = meters;
        Gauge.builder("foreman.worker.in.flight", slots, s -> capacity - s.availablePermits())
                .description("Attempts running now, including slots reserved by intake for a claim in progress")
                .register(meters);
        this.aborted = Counter.builder("foreman.worker.attempts.aborted")
                .description("Attempts whose request was aborted: their job was cancelled or reaped, or the worker"
                        + " stopped before the target answered")
                .register(meters);
    }

    /** Slots free now. Only intake takes slots, so what it reads here it can reserve. */
    public int free() {
        return slots.availablePermits();
    }

    /** Takes {@code n} slots if they are free. */
    public boolean reserve(int n) {
        return slots.tryAcquire(n);
    }

    /** Gives back {@code n} reserved slots that no attempt will use. */
    public void release(int n) {
        slots.release(n);
    }

    /**
     * Runs the attempt of {@code claimed} on its own virtual thread, in a slot the caller
     * reserved; the slot frees when the attempt has been recorded (or aborted).
     *
     * @param traceparent the trace context the attempt continues (its claim's), or null
     */
    public void launch(ClaimedJob claimed, String traceparent) {
        RunningAttempt attempt = new RunningAttempt(claimed);
        running.put(attempt.jobId(), attempt);
        threads.execute(() -> run(attempt, traceparent));
    }

    private void run(RunningAttempt attempt, String traceparent) {
        ClaimedJob claimed = attempt.claimed();
        Job job = claimed.job();
        Turn turn = Turn.ABORTED;
        try (LogContext.Scope jobLogs = logs.job(job.id(), job.tenantId(), job.queue());
                LogContext.Scope traceLogs = logs.trace(traceparent)) {
            turn = takeTurn(attempt);
            if (turn == Turn.PARK) {
                admission.parkForTenantShare(claimed, workerId);
                return;
            }
            Optional<DispatchResult> result = turn == Turn.GO ? dispatch(attempt, traceparent) : Optional.empty();
            if (result.isEmpty()) {
                log.debug(
                        "Attempt {} of job {} was aborted; its result is not recorded",
                        claimed.job().attempt(),
                        claimed.job().id());
                return;
            }
            // The share caps requests at targets: an answered attempt's permit goes on at once, not
            // after its result is written (a finish batch the database slowed would otherwise hold
            // every permit, and the tenant's waiting attempts would be parked).
            releaseShare(claimed);
            turn = Turn.ANSWERED;
            dispatchTimer(resultTag(result.get())).record(result.get().duration());
            finish(claimed, result.get(), attempt, traceparent);
        } catch (RuntimeException e) {
            // The lease expires and the job is handed out again; nothing is lost by not finishing here.
            log.error(
                    "Attempt {} of job {} could not be {}",
                    claimed.job().attempt(),
                    claimed.job().id(),
                    turn == Turn.PARK ? "parked" : "recorded",
                    e);
        } finally {
            // Only this attempt: the same job may already run again here, as a later attempt.
            running.remove(attempt.jobId(), attempt);
            slots.release();
            if (turn == Turn.GO) {
                releaseShare(claimed);
            }
            admission.release(claimed);
        }
    }

    private void releaseShare(ClaimedJob claimed) {
        if (share.release(claimed.job().tenantId())) {
            admission.wakeTenant(claimed.job().tenantId());
        }
    }

    /** What the attempt does once its tenant's share had its say, and whether its target answered. */
    private enum Turn {
        GO,
        ANSWERED,
        PARK,
        ABORTED
    }

    /**
     * Waits, abortably, for a permit of the job's tenant share ({@link TenantShare}); the slot
     * stays taken meanwhile.
     */
    private Turn takeTurn(RunningAttempt attempt) {
        if (!attempt.beginDispatch()) {
            return Turn.ABORTED;
        }
        boolean granted = false;
        boolean interrupted = false;
        try {
            granted = share.acquire(
                    attempt.claimed().job().tenantId(), attempt.claimed().job().priority());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        boolean stillOurs = attempt.endWaiting(!granted && !interrupted);
        if (granted && (interrupted || !stillOurs)) {
            share.release(attempt.claimed().job().tenantId());
        }
        if (interrupted || !stillOurs) {
            return Turn.ABORTED;
        }
        return granted ? Turn.GO : Turn.PARK;
    }

    /** Records what came of the request, in a {@code finish} span when the trace is sampled. */
    private void finish(ClaimedJob claimed, DispatchResult result, RunningAttempt attempt, String traceparent) {
        TraceSpan span = tracing.start("finish", SpanKind.INTERNAL, traceparent);
        try {
            AttemptFinish finish = finisher.finish(claimed, result, attempt::leaseHeldUntil);
            if (finish != null && log.isDebugEnabled()) {
                log.debug(
                        "Attempt {} of job {} ended {}; the job is {}",
                        finish.attempt(),
                        finish.jobId(),
                        finish.outcome().wireName(),
                        finish.nextState().wireName());
            }
            if (span.recording()) {
                span.set(TraceAttributes.JOB_ID, claimed.job().id().toString())
                        .set(TraceAttributes.ATTEMPT, claimed.job().attempt());
                if (finish == null) {
                    span.set(TraceAttributes.OUTCOME, "lease_lost");
                } else {
                    span.set(TraceAttributes.OUTCOME, finish.outcome().wireName())
                            .set(TraceAttributes.NEXT_STATE, finish.nextState().wireName());
                }
            }
        } catch (RuntimeException e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** What came of the request, or empty when the attempt was aborted before or during it. */
    private Optional<DispatchResult> dispatch(RunningAttempt attempt, String traceparent) {
        if (!attempt.beginDispatch()) {
            return Optional.empty();
        }
        DispatchResult result = null;
        boolean record;
        try {
            if (waitUntilDue(attempt.claimed().job())) {
                result = dispatcher.dispatch(attempt.claimed(), traceparent);
            }
        } finally {
            record = attempt.endDispatch();
        }
        return record && result != null ? Optional.of(result) : Optional.empty();
    }

    /**
     * The scheduler promotes delayed jobs a little ahead of their run time (so its polling does
     * not make them late); such a job waits here, leased and holding its slot, so it never starts
     * early. Interruptible: an abort during the wait sends nothing.
     *
     * @return false when the wait was interrupted
     */
    private boolean waitUntilDue(Job job) {
        Duration early = Duration.between(clock.instant(), job.runAt());
        if (!early.isPositive()) {
            return true;
        }
        try {
            Thread.sleep(early);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The attempts running now. */
    public List<RunningAttempt> running() {
        return List.copyOf(running.values());
    }

    /**
     * Aborts {@code attempt}'s request at once; the attempt records no result.
     *
     * @return whether this call aborted it; false when it was already aborted or its target has
     *     already answered (then it records its result, fenced on the lease, as usual)
     */
    public boolean abort(RunningAttempt attempt) {
        if (!attempt.abort()) {
            return false;
        }
        aborted.increment();
        return true;
    }

    /**
     * Aborts every running attempt whose target has not answered yet. For shutdown, once the grace
     * has run out: the caller hands the returned jobs back.
     *
     * @return the jobs of the attempts this call aborted
     */
    public List<ClaimedJob> abortAll() {
        List<ClaimedJob> abortedJobs = new ArrayList<>();
        for (RunningAttempt attempt : running.values()) {
            if (abort(attempt)) {
                abortedJobs.add(attempt.claimed());
            }
        }
        return abortedJobs;
    }

    /**
     * Waits up to {@code grace} for every running attempt to end.
     *
     * @return the jobs still running when the grace ran out
     */
    public List<ClaimedJob> awaitIdle(Duration grace) {
        try {
            if (slots.tryAcquire(capacity, grace.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(capacity);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running.values().stream().map(RunningAttempt::claimed).toList();
    }

    private Timer dispatchTimer(String result) {
        return dispatchTimers.computeIfAbsent(
                result,
                tag -> Timer.builder("foreman.worker.dispatch.duration")
                        .description("Time from sending a job's request to its answer or failure")
                        .tag("result", tag)
                        .publishPercentileHistogram()
                        .register(meters));
    }

    /** "2xx", "5xx", or why there was no answer: "timed_out", "network", "invalid_target". */
    private static String resultTag(DispatchResult result) {
        return switch (result) {
            case Answered answered -> answered.status() / 100 + "xx";
            case Failed failed -> failed.failure().name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
