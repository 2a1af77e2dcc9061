package dev.foreman.scheduler.promote;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * While this instance leads, every {@link SchedulerProperties#promoteInterval()} moves due
 * scheduled and retrying jobs to queued and writes their outbox rows in the same transaction, so
 * a job is queued exactly when it is also on its way to Kafka. A full batch is followed at once by
 * the next, so a burst of due jobs drains without waiting for the next interval.
 */
@Component
class DelayedJobPromoter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DelayedJobPromoter.class);

    private final Leadership leadership;
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SchedulerProperties properties;
    private final Counter promoted;
    private ScheduledExecutorService ticker;

    DelayedJobPromoter(
            Leadership leadership,
            JobRepository jobs,
            OutboxRepository outbox,
            PlatformTransactionManager transactions,
            Clock clock,
            SchedulerProperties properties,
            MeterRegistry meters) {
        this.leadership = leadership;
        this.jobs = jobs;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
        this.promoted = Counter.builder("foreman.scheduler.promoted")
                .description("Scheduled and retrying jobs moved to queued")
                .register(meters);
    }

    /**
     * Promotes every job due now, a batch per transaction, as long as this instance leads.
     *
     * @return how many jobs it promoted
     */
    int promoteDue() {
        int total = 0;
        int promotedNow;
        do {
            if (!leadership.isLeader()) {
                break;
            }
            List<DueJob> due = transaction.execute(status -> promoteBatch());
            promotedNow = due == null ? 0 : due.size();
            total += promotedNow;
        } while (promotedNow == properties.promoteBatchSize());
        promoted.increment(total);
        return total;
    }

    private List<DueJob> promoteBatch() {
        Instant now = clock.instant();
        List<DueJob> due = jobs.promoteDue(now, properties.promoteBatchSize());
        outbox.enqueueAll(due, now);
        return due;
    }

    private void tick() {
        try {
            promoteDue();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try at the next interval.
            log.error("Promoting due jobs failed; retrying in {}", properties.promoteInterval(), e);
        }
    }

    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("foreman-promoter").daemon().factory());
        long interval = properties.promoteInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops promoting; a batch in progress finishes (its transaction is short). */
    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                ticker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }
}
