package dev.foreman.api.queues;

import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.queue.QueueSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What changes a queue: its settings, pause, resume (which wakes the jobs the pause parked) and
 * purge. Resume and purge work in batches, each its own short transaction, so a queue of a
 * million jobs never holds a long lock.
 */
@Component
class QueueOperations {
    static final int BATCH = 1000;

    private final QueueRepository queues;
    private final ParkedJobRepository parked;
    private final Clock clock;
    private final Counter pauses;
    private final Counter resumes;
    private final Counter purged;
    private final Counter woken;

    QueueOperations(QueueRepository queues, ParkedJobRepository parked, Clock clock, MeterRegistry meters) {
        this.queues = queues;
        this.parked = parked;
        this.clock = clock;
        this.pauses = Counter.builder("foreman.queue.pauses")
                .description("Queues paused")
                .register(meters);
        this.resumes = Counter.builder("foreman.queue.resumes")
                .description("Queues resumed")
                .register(meters);
        this.purged = Counter.builder("foreman.queue.purged")
                .description("Jobs cancelled by purges of their queue")
                .register(meters);
        this.woken = Counter.builder("foreman.queue.woken")
                .description("Parked jobs woken to be published again")
                .tag("by", "resume")
                .register(meters);
    }

    void change(UUID tenant, String queue, QueueChange change) {
        QueueSettings current =
                queues.findSettings(tenant, queue).orElseGet(() -> QueueSettings.defaults(tenant, queue));
        queues.saveSettings(change.applyTo(current), clock.instant());
        if (Boolean.TRUE.equals(change.paused())) {
            pause(tenant, queue);
        } else if (Boolean.FALSE.equals(change.paused())) {
            resume(tenant, queue);
        }
    }

    void pause(UUID tenant, String queue) {
        queues.setPaused(tenant, queue, true, clock.instant());
        pauses.increment();
    }

    /**
     * Resumes the queue, then wakes every job its pause parked. Setting the flag waits for any
     * claim parking the queue's jobs at that moment (it holds the queue's row), so none is missed.
     */
    void resume(UUID tenant, String queue) {
        queues.setPaused(tenant, queue, false, clock.instant());
        resumes.increment();
        int batch;
        do {
            batch = parked.wakeInQueue(tenant, queue, ParkReason.PAUSED, clock.instant(), BATCH)
                    .size();
            woken.increment(batch);
        } while (batch == BATCH);
    }

    /** Cancels the queue's jobs in {@code states}, a batch at a time, until none is left. */
    long purge(UUID tenant, String queue, Set<JobState> states) {
        long total = 0;
        int batch;
        do {
            batch = queues.purgeBatch(tenant, queue, states, clock.instant(), BATCH);
            total += batch;
        } while (batch > 0);
        purged.increment(total);
        return total;
    }
}
