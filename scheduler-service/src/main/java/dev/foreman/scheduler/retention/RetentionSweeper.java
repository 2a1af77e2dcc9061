package dev.foreman.scheduler.retention;

import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#retentionInterval()} deletes the
 * terminal jobs (with their attempts and callbacks) and the schedules' fire records that are older
 * than their retention, in small batches, each its own short transaction.
 */
@Component
class RetentionSweeper implements LeaderTask {
    private final LeaderBatches batches;
    private final JobRepository jobs;
    private final ScheduleRepository schedules;
    private final SchedulerProperties properties;
    private final MeterRegistry meters;
    private final Counter firesDeleted;

    RetentionSweeper(
            LeaderBatches batches,
            JobRepository jobs,
            ScheduleRepository schedules,
            SchedulerProperties properties,
            MeterRegistry meters) {
        this.batches = batches;
        this.jobs = jobs;
        this.schedules = schedules;
        this.properties = properties;
        this.meters = meters;
        this.firesDeleted = Counter.builder("foreman.scheduler.retention.deleted.fires")
                .description("Schedule fire records deleted because they were past their retention")
                .register(meters);
        ages().keySet().forEach(this::jobsDeleted);
    }

    /**
     * Deletes everything past its retention by now, a batch per transaction, as long as this
     * instance leads.
     *
     * @return how many jobs and fire records it deleted
     */
    int deleteExpired() {
        int deleted = 0;
        for (Map.Entry<JobState, Duration> age : ages().entrySet()) {
            JobState state = age.getKey();
            deleted += batches.drain(
                    properties.retentionBatchSize(),
                    (now, limit) -> jobs.deleteFinished(state, now.minus(age.getValue()), limit),
                    ids -> jobsDeleted(state).increment(ids.size()));
        }
        deleted += batches.drain(
                properties.retentionBatchSize(),
                (now, limit) -> schedules.deleteFiresBefore(
                        now.minus(properties.retention().fires()), limit),
                fires -> firesDeleted.increment(fires.size()));
        return deleted;
    }

    private Map<JobState, Duration> ages() {
        SchedulerProperties.Retention keep = properties.retention();
        Map<JobState, Duration> ages = new EnumMap<>(JobState.class);
        ages.put(JobState.SUCCEEDED, keep.succeeded());
        ages.put(JobState.DEAD, keep.dead());
        ages.put(JobState.CANCELLED, keep.cancelled());
        return ages;
    }

    private Counter jobsDeleted(JobState state) {
        return Counter.builder("foreman.scheduler.retention.deleted.jobs")
                .description(
                        "Terminal jobs deleted (with their attempts and callbacks) because they were past their retention")
                .tag("state", state.wireName())
                .register(meters);
    }

    @Override
    public String name() {
        return "retention-sweeper";
    }

    @Override
    public Duration interval() {
        return properties.retentionInterval();
    }

    @Override
    public int runRound() {
        return deleteExpired();
    }
}
