package dev.foreman.scheduler.promote;

import dev.foreman.common.job.JobRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#promoteInterval()} moves due
 * scheduled and retrying jobs to queued, with their outbox rows.
 */
@Component
class DelayedJobPromoter implements LeaderTask {
    private final LeaderBatches batches;
    private final JobRepository jobs;
    private final SchedulerProperties properties;
    private final Counter promoted;

    DelayedJobPromoter(
            LeaderBatches batches, JobRepository jobs, SchedulerProperties properties, MeterRegistry meters) {
        this.batches = batches;
        this.jobs = jobs;
        this.properties = properties;
        this.promoted = Counter.builder("foreman.scheduler.promoted")
                .description("Scheduled and retrying jobs moved to queued")
                .register(meters);
    }

    /**
     * Promotes every job due now or within the lookahead, a batch per transaction, as long as this
     * instance leads.
     *
     * @return how many jobs it promoted
     */
    int promoteDue() {
        return batches.drain(
                properties.promoteBatchSize(),
                (now, limit) -> jobs.promoteDueBy(now.plus(properties.promoteLookahead()), now, limit),
                due -> promoted.increment(due.size()));
    }

    @Override
    public String name() {
        return "promoter";
    }

    @Override
    public Duration interval() {
        return properties.promoteInterval();
    }

    @Override
    public int runRound() {
        return promoteDue();
    }
}
