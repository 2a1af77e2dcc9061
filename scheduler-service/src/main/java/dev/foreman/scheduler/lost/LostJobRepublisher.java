package dev.foreman.scheduler.lost;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#lostCheckInterval()} publishes again
 * the jobs queued for longer than {@link SchedulerProperties#queuedTimeout()} that no worker claimed
 * and no outbox row still announces: their Kafka record was lost. Each gets a fresh queued time and
 * a new outbox row.
 */
@Component
class LostJobRepublisher implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(LostJobRepublisher.class);

    private final LeaderBatches batches;
    private final JobRepository jobs;
    private final SchedulerProperties properties;
    private final Counter republished;

    LostJobRepublisher(
            LeaderBatches batches, JobRepository jobs, SchedulerProperties properties, MeterRegistry meters) {
        this.batches = batches;
        this.jobs = jobs;
        this.properties = properties;
        this.republished = Counter.builder("foreman.scheduler.republished")
                .description("Queued jobs published again because their Kafka record was lost")
                .register(meters);
    }

    /**
     * Publishes again, through the outbox, every job whose Kafka record is lost by now, a batch per
     * transaction, as long as this instance leads.
     *
     * @return how many jobs it published again
     */
    int republishLost() {
        return batches.drainQueued(properties.lostBatchSize(), this::requeueStale, this::recordRepublished);
    }

    private List<DueJob> requeueStale(Instant now, int limit) {
        return jobs.requeueStale(now.minus(properties.queuedTimeout()), now, limit);
    }

    private void recordRepublished(List<DueJob> lost) {
        republished.increment(lost.size());
        log.warn(
                "Published {} jobs again: queued for over {} with no outbox row and no claim, so their Kafka records were lost",
                lost.size(),
                properties.queuedTimeout());
    }

    @Override
    public String name() {
        return "lost-job-republisher";
    }

    @Override
    public Duration interval() {
        return properties.lostCheckInterval();
    }

    @Override
    public int runRound() {
        return republishLost();
    }
}
