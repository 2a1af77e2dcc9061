package dev.foreman.worker.attempt;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.dispatch.DispatchResult;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.HttpDispatcher;
import dev.foreman.worker.finish.AttemptFinisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 */
@Component
public class InFlightAttempts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InFlightAttempts.class);

    private final HttpDispatcher dispatcher;
    private final AttemptFinisher finisher;
    private final int capacity;
    private final Semaphore slots;
    private final Map<UUID, ClaimedJob> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("foreman-attempt-", 0).factory());
    private final MeterRegistry meters;

    InFlightAttempts(
            HttpDispatcher dispatcher, AttemptFinisher finisher, WorkerProperties properties, MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.finisher = finisher;
        this.capacity = properties.maxInFlight();
        this.slots = new Semaphore(capacity);
        this.meters = meters;
        Gauge.builder("foreman.worker.in.flight", slots, s -> capacity - s.availablePermits())
                .description("Attempts running now, including slots reserved by intake for a claim in progress")
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
     * reserved; the slot frees when the attempt has been recorded.
     *
     * @param traceparent the {@code traceparent} of the record that carried the job, or null
     */
    public void launch(ClaimedJob claimed, String traceparent) {
        running.put(claimed.job().id(), claimed);
        threads.execute(() -> {
            try {
                DispatchResult result = dispatcher.dispatch(claimed, traceparent);
                Timer.builder("foreman.worker.dispatch.duration")
                        .description("Time from sending a job's request to its answer or failure")
                        .tag("result", resultTag(result))
                        .register(meters)
                        .record(result.duration());
                finisher.finish(claimed, result);
            } catch (RuntimeException e) {
                // The lease expires and the job is handed out again; nothing is lost by not finishing here.
                log.error(
                        "Attempt {} of job {} could not be recorded",
                        claimed.job().attempt(),
                        claimed.job().id(),
                        e);
            } finally {
                running.remove(claimed.job().id());
                slots.release();
            }
        });
    }

    /**
     * Waits up to {@code grace} for every running attempt to finish.
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
        return List.copyOf(running.values());
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
