package dev.foreman.scheduler.lease;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ReapedJob;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#reapInterval()} ends the attempts
 * whose lease expired: the job goes back to queued, with its outbox row, or to dead once its
 * attempt budget is spent.
 */
@Component
class LeaseReaper implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final LeaderBatches batches;
    private final JobRepository jobs;
    private final SchedulerProperties properties;
    private final MeterRegistry meters;

    LeaseReaper(LeaderBatches batches, JobRepository jobs, SchedulerProperties properties, MeterRegistry meters) {
        this.batches = batches;
        this.jobs = jobs;
        this.properties = properties;
        this.meters = meters;
        // Registered up front so both series exist (at zero) before the first reap: rate() alerts need them.
        List.of(JobState.QUEUED, JobState.DEAD).forEach(this::reaped);
    }

    /**
     * Ends every attempt whose lease has expired by now, a batch per transaction, as long as this
     * instance leads.
     *
     * @return how many attempts it ended
     */
    int reapExpired() {
        return batches.drain(properties.reapBatchSize(), jobs::reapExpiredLeases, this::recordReaped);
    }

    private void recordReaped(List<ReapedJob> reaped) {
        Map<JobState, Long> byState = reaped.stream().collect(groupingBy(ReapedJob::state, counting()));
        byState.forEach((state, count) -> reaped(state).increment(count));
        log.warn(
                "Reaped {} expired leases (their workers crashed or stalled): {} back to queued, {} dead",
                reaped.size(),
                byState.getOrDefault(JobState.QUEUED, 0L),
                byState.getOrDefault(JobState.DEAD, 0L));
    }

    private Counter reaped(JobState state) {
        return Counter.builder("foreman.scheduler.reaped")
                .description("Attempts ended because their lease expired, by the state the job moved to")
                .tag("state", state.wireName())
                .register(meters);
    }

    @Override
    public String name() {
        return "lease-reaper";
    }

    @Override
    public Duration interval() {
        return properties.reapInterval();
    }

    @Override
    public int runRound() {
        return reapExpired();
    }
}
