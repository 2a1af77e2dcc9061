package dev.foreman.scheduler.lost;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.Priority;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import dev.foreman.scheduler.leader.Leadership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#lostCheckInterval()} publishes again
 * the jobs queued for longer than {@link SchedulerProperties#queuedTimeout()} that no worker claimed
 * and no outbox row still announces: their Kafka record was lost. Each gets a fresh queued time and
 * a new outbox row.
 *
 * <p>A job waiting that long may also just be behind a backlog, its record still in Kafka: during a
 * worker outage every queued job would be published again every {@code queuedTimeout}, a storm of
 * writes and duplicate records just when the system is already behind. So a priority's jobs count
 * as lost only once the workers' consumer group has read that priority's topic past every record
 * written up to half the timeout ago ({@link WorkerProgress}): a lost job's record was written
 * within that half of its queued time, so it was read and the job still went unclaimed.
 */
@Component
class LostJobRepublisher implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(LostJobRepublisher.class);

    private final Leadership leadership;
    private final LeaderBatches batches;
    private final JobRepository jobs;
    private final WorkerProgress workers;
    private final SchedulerProperties properties;
    private final Clock clock;
    private final Counter republished;
    private final Counter deferred;

    LostJobRepublisher(
            Leadership leadership,
            LeaderBatches batches,
            JobRepository jobs,
            WorkerProgress workers,
            SchedulerProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.leadership = leadership;
        this.batches = batches;
        this.jobs = jobs;
        this.workers = workers;
        this.properties = properties;
        this.clock = clock;
        this.republished = Counter.builder("foreman.scheduler.republished")
                .description("Queued jobs published again because their Kafka record was lost")
                .register(meters);
        this.deferred = Counter.builder("foreman.scheduler.republish.deferred")
                .description("Lost-record checks that skipped a priority because the workers had not read its topic"
                        + " far enough (a backlog, an outage, or Kafka unreachable)")
                .register(meters);
    }

    /**
     * Publishes again, through the outbox, every job whose Kafka record is lost by now, a batch per
     * transaction, as long as this instance leads.
     *
     * @return how many jobs it published again
     */
    int republishLost() {
        if (!leadership.isLeader()) {
            return 0;
        }
        Set<Priority> read = workers.consumedBefore(
                clock.instant().minus(properties.queuedTimeout().dividedBy(2)));
        Set<Priority> behind = EnumSet.allOf(Priority.class);
        behind.removeAll(read);
        if (!behind.isEmpty()) {
            deferred.increment();
            log.debug("Workers have not read the topics of {} far enough; not publishing those jobs again", behind);
        }
        if (read.isEmpty()) {
            return 0;
        }
        return batches.drain(
                properties.lostBatchSize(), (now, limit) -> requeueStale(read, now, limit), this::recordRepublished);
    }

    private List<DueJob> requeueStale(Set<Priority> priorities, Instant now, int limit) {
        return jobs.requeueStale(priorities, now.minus(properties.queuedTimeout()), now, limit);
    }

    private void recordRepublished(List<DueJob> lost) {
        republished.increment(lost.size());
        log.warn(
                "Published {} jobs again: queued for over {} with no outbox row and no claim while the workers had"
                        + " read past their records, so their Kafka records were lost",
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
