package dev.foreman.worker.callback;

import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.callback.DueCallback;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobDocument;
import dev.foreman.common.logs.LogContext;
import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.LoopWork;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.callback.RedeliveryPolicy.Verdict;
import dev.foreman.worker.dispatch.GuardedDnsResolver;
import dev.foreman.worker.dispatch.HttpSpans;
import dev.foreman.worker.finish.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers due callbacks. One thread looks every {@link WorkerProperties.Callbacks#pollInterval()}
 * for due callbacks, claims no more than it has free delivery slots (at most
 * {@link WorkerProperties.Callbacks#maxConcurrent()} deliveries run at once), and runs each
 * delivery on its own virtual thread: read the job as it ended, POST it, record the delivery and
 * what comes next (see {@link RedeliveryPolicy}). A claim leases the callback for the callback
 * timeout plus {@link WorkerProperties#leaseMargin()}: if this worker dies mid-delivery, another
 * one delivers it once that passes.
 *
 * <p>Stopping stops the looking, waits up to {@link WorkerProperties#shutdownGrace()} for the
 * deliveries in flight, then cuts off the rest, which record themselves as due again at once. It
 * stops together with intake: see {@code WorkerShutdownOrder}.
 */
@Component
class CallbackDeliverer implements LoopWork {
    private static final Logger log = LoggerFactory.getLogger(CallbackDeliverer.class);
    // A cut-off delivery ends at once; this only lets it record itself before the database closes.
    private static final Duration ABORT_PATIENCE = Duration.ofSeconds(2);
    // Beyond the grace and the cut-off: closing the poster and the delivery threads.
    private static final Duration CLOSING_PATIENCE = Duration.ofSeconds(8);

    private final CallbackRepository callbacks;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkerProperties properties;
    private final WorkerProperties.Callbacks settings;
    private final RedeliveryPolicy policy;
    private final Semaphore slots;
    private final MeterRegistry meters;
    private final Timer duration;

    private final BackgroundLoop loop;
    private final GuardedDnsResolver resolver;
    private final Tracing tracing;
    private final LogContext logs;
    private CallbackPoster poster;
    private ExecutorService deliveries;

    CallbackDeliverer(
            CallbackRepository callbacks,
            JsonMapper json,
            Clock clock,
            WorkerProperties properties,
            MeterRegistry meters,
            GuardedDnsResolver resolver,
            Tracing tracing,
            LogContext logs) {
        this.resolver = resolver;
        this.tracing = tracing;
        this.logs = logs;
        this.callbacks = callbacks;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.settings = properties.callbacks();
        // java.util.Random is safe to share: deliveries end on many virtual threads at once.
        this.policy = new RedeliveryPolicy(new Backoff(new Random()), settings);
        this.slots = new Semaphore(settings.maxConcurrent());
        this.meters = meters;
        this.duration = Timer.builder("foreman.worker.callback.duration")
                .description("Time from posting a callback to its receiver's answer or failure")
                .register(meters);
        this.loop = BackgroundLoop.named("foreman-callbacks", settings.pollInterval())
                .keepsJvmAlive()
                .failureMessage("Claiming due callbacks failed")
                .stopWithin(properties.shutdownGrace().plus(ABORT_PATIENCE).plus(CLOSING_PATIENCE))
                .afterLastRound(this::drain)
                .build(() -> {
                    deliverDue();
                    return Next.WHEN_WOKEN;
                });
    }

    @Override
    public synchronized void start() {
        if (loop.isRunning()) {
            return;
        }
        poster = new CallbackPoster(properties.connectTimeout(), settings.timeout(), clock, resolver);
        deliveries = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("foreman-callback-", 0).factory());
        loop.start();
    }

    /** Stopping stops looking for callbacks and returns once the deliveries in flight had their grace. */
    @Override
    public BackgroundLoop loop() {
        return loop;
    }

    /**
     * Claims and starts as many due callbacks as there are free slots; a full batch is followed at
     * once by the next, so a burst drains without waiting for the next look.
     */
    private void deliverDue() {
        int wanted;
        int claimed;
        do {
            wanted = Math.min(slots.availablePermits(), settings.batchSize());
            if (wanted == 0 || loop.isStopping()) {
                return;
            }
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(settings.timeout()).plus(properties.leaseMargin());
            List<DueCallback> due = callbacks.claimDue(now, leaseUntil, wanted);
            for (DueCallback callback : due) {
                // Only this thread takes slots, so the ones it counted are still free.
                slots.acquireUninterruptibly();
                deliveries.execute(() -> {
                    try {
                        deliver(callback);
                    } finally {
                        slots.release();
                    }
                });
            }
            claimed = due.size();
        } while (claimed == wanted);
    }

    private void deliver(DueCallback callback) {
        try (LogContext.Scope jobLogs = logs.job(callback.jobId(), callback.tenantId(), null)) {
            // The job as it ended, which a person's retry since then does not change.
            Optional<Job> job = callbacks.reportedJob(callback.id());
            if (job.isEmpty()) {
                // The callback row is deleted with its job, so there is nothing left to record.
                log.debug("Job {} of callback {} no longer exists", callback.jobId(), callback.id());
                return;
            }
            deliver(callback, job.get());
        } catch (RuntimeException e) {
            // Its claim lapses and the callback is delivered again; nothing is lost by not recording here.
            log.error(
                    "Delivery {} of callback {} could not be made or recorded", callback.delivery(), callback.id(), e);
        }
    }

    /**
     * Posts the job to its callback URL in a {@code callback} span continuing the job's trace, and
     * records what came of it.
     */
    private void deliver(DueCallback callback, Job job) {
        String trace = job.traceparent();
        TraceSpan span = tracing.start("callback", SpanKind.CLIENT, trace);
        try (LogContext.Scope traceLogs = logs.trace(span.propagate(trace))) {
            // Header values often hold the target's credentials: the callback receiver gets their names only.
            String body = json.writeValueAsString(JobDocument.of(job).withTargetHeaderValuesHidden());
            DeliveryResult result = poster.post(callback, body, span.outgoing(trace));
            if (span.recording()) {
                describe(span, callback, result);
            }
            duration.record(result.duration());
            Instant now = clock.instant();
            Verdict verdict = policy.decide(callback.delivery(), result, now);
            boolean recorded = callbacks.recordDelivery(
                    callback.id(),
                    callback.delivery(),
                    verdict.state(),
                    verdict.nextAttemptAt(),
                    result.startedAt(),
                    result.status(),
                    result.error(),
                    result.durationMs(),
                    now);
            if (!recorded) {
                log.debug(
                        "Delivery {} of callback {} took longer than its claim; another worker has taken over",
                        callback.delivery(),
                        callback.id());
                return;
            }
            Counter.builder("foreman.worker.callbacks")
                    .description("Recorded callback deliveries, by what came of them: delivered, retrying (pending"
                            + " again after a back-off), failed (given up), or aborted (the worker stopped)")
                    .tag("outcome", outcome(verdict, result))
                    .register(meters)
                    .increment();
        } catch (RuntimeException e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void describe(TraceSpan span, DueCallback callback, DeliveryResult result) {
        span.set(TraceAttributes.JOB_ID, callback.jobId().toString()).set(TraceAttributes.ATTEMPT, callback.delivery());
        HttpSpans.request(span, "POST", callback.url());
        if (result.status() != null) {
            HttpSpans.answered(span, result.status());
        } else {
            span.fail(result.kind().name().toLowerCase(Locale.ROOT), result.error());
        }
    }

    private static String outcome(Verdict verdict, DeliveryResult result) {
        if (result.kind() == DeliveryResult.Kind.ABORTED) {
            return "aborted";
        }
        return switch (verdict.state()) {
            case DELIVERED -> "delivered";
            case PENDING -> "retrying";
            case FAILED -> "failed";
        };
    }

    private void drain() {
        int all = settings.maxConcurrent();
        try {
            if (!slots.tryAcquire(all, properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "Callback deliveries were still waiting for their receivers after the shutdown grace of {};"
                                + " cutting them off, they are due again at once",
                        properties.shutdownGrace());
                poster.abortAll();
                if (!slots.tryAcquire(all, ABORT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Some callback deliveries did not end within {} of being cut off", ABORT_PATIENCE);
                    return;
                }
            }
            slots.release(all);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deliveries.shutdownNow();
            poster.close();
        }
    }
}
